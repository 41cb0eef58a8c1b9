//! kubectl's printers over engine state: `get pods` (incl. `-w`, `-o wide`, `-o yaml`),
//! `describe pod`, `logs`, and the console's command parser.

pub mod duration;
pub mod get;
pub mod tabwriter;
pub mod events;
pub mod yaml;
pub mod describe;
pub mod logs;
pub mod console;
