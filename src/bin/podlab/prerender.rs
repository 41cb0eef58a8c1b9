//! `podlab prerender`: prints the course built into this binary as the static HTML of the web
//! app's first paint (`content::prerender`). `scripts/prerender-hook.mjs` runs it after each
//! Trunk build and puts the output into `index.html`, with the same `PODLAB_CONTENT` as the wasm.

use podlab::content::lesson::Catalog;
use podlab::content::prerender::page;
use podlab::ui::lesson_nav::starting_yaml;

/// Prints the HTML; exit 1 if the order file had problems.
pub fn run(args: &[String]) -> i32 {
    if let Some(a) = args.first() {
        eprintln!("podlab prerender: unexpected argument {a:?} (it takes none)");
        return 2;
    }
    let cat = Catalog::embedded();
    print!("{}", page(&cat, &starting_yaml(&cat, 0)));
    for e in &cat.errors {
        eprintln!("podlab prerender: {e}");
    }
    i32::from(!cat.errors.is_empty())
}
