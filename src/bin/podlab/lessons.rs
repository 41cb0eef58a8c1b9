//! `podlab lessons`: lists the course built into this binary (slug, part, title), in order.
//! The web app embeds the same course (both come from `build.rs`), so an instructor can check
//! what a workshop build (`PODLAB_CONTENT=DIR`, scripts/workshop-dist.sh) will hand out.

use podlab::content::lesson::Catalog;

/// Prints one `slug<TAB>part<TAB>title` line per lesson; exit 1 if the order file had problems.
pub fn run(args: &[String]) -> i32 {
    if let Some(a) = args.first() {
        eprintln!("podlab lessons: unexpected argument {a:?} (it takes none)");
        return 2;
    }
    let cat = Catalog::embedded();
    out!("{}", listing(&cat));
    for e in &cat.errors {
        eprintln!("podlab lessons: {e}");
    }
    i32::from(!cat.errors.is_empty())
}

/// The listing text (tested without a process).
pub fn listing(cat: &Catalog) -> String {
    cat.entries
        .iter()
        .map(|e| format!("{}\t{}\t{}\n", e.slug, e.part.as_deref().unwrap_or("-"), e.title))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn lists_lessons_in_the_order_file_order() {
        let cat =
            Catalog::from_sources("# Day one\n\n- [B first](b.md)\n- [A second](a.md)\n", |_| {
                Some(Cow::Borrowed("# T\n"))
            });
        assert_eq!(listing(&cat), "b\tDay one\tB first\na\tDay one\tA second\n");
    }

    #[test]
    fn the_default_build_embeds_the_course() {
        // Not a workshop build (PODLAB_CONTENT unset in `cargo test`): content/ is embedded.
        if option_env!("PODLAB_CONTENT").is_none() {
            assert!(listing(&Catalog::embedded()).starts_with("01-mental-model\t"));
        }
    }
}
