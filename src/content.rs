//! Lessons and exercises: Markdown under `content/`, rendered with pulldown-cmark.
