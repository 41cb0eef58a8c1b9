//! kubectl's printers over engine state: `get pods` (incl. `-w`, `-o wide`, `-o yaml`),
//! `describe pod`, `logs`.
