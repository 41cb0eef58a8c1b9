//! Lesson parser tests.
