//! kubectl's printers over engine state: `get pods` (incl. `-w`, `-o wide`, `-o yaml`),
//! `describe pod`, `logs`, and the console's command parser.

pub mod console;
pub mod describe;
pub mod events;
pub mod get;
pub mod handoff;
pub mod logs;
pub mod tabwriter;
pub mod watch;
pub mod yaml;
