//! Exercises and predict-then-run questions in a lesson.
//!
//! - [`ExerciseCard`]: the goal in words (its clauses as a list), the starter (or the learner's
//!   saved draft) loaded on request, "Check" — the learner's *current editor text* goes through
//!   [`Exercise::attempt`] (the one grading path `podlab grade` and `lint-content` use), its
//!   timeline is played in the lab, and each goal clause is shown met or not; an unmet one says
//!   why and where the run went another way, with a button that moves the playhead to that
//!   moment; a pass ends with the debrief of the learner's own run. Hints one at a time; "Show
//!   solution". Solved state, hints shown, solution shown and the draft are progress.
//! - [`PredictCard`]: choose a STATUS sequence first, then run the example and compare the
//!   choice with the sequence the simulation showed.
//!
//! Goals, clauses, hints and questions are lesson Markdown rendered by `content::markdown` (the only
//! HTML given to `inner_html`); everything else is text nodes.

use crate::content::check::divergence::clock;
use crate::content::exercise::{CheckResult, Exercise, Verdict};
use crate::content::lesson::{Example, Predict};
use crate::content::markdown;
use crate::content::progress::exercise_key;
use crate::ui::course::Course;
use leptos::prelude::*;

/// One exercise.
#[component]
pub fn ExerciseCard(
    /// The lesson's slug (progress key).
    slug: String,
    /// The exercise.
    exercise: Exercise,
) -> impl IntoView {
    let course = Course::get();
    let lab = course.lab();
    let key = exercise_key(&slug, &exercise.id);
    let heading_id = format!("exercise-{}", exercise.id);
    let labelled_by = heading_id.clone();
    let goal_html = markdown::render(&exercise.goal_markdown());
    let n_hints = exercise.hints.len();
    let ex = StoredValue::new(exercise);
    let slug = StoredValue::new(slug);
    let key = StoredValue::new(key);
    let verdict = RwSignal::new(None::<Verdict>);

    let mine = move || {
        course.progress.with(|p| {
            slug.with_value(|s| ex.with_value(|e| p.exercise(s, &e.id).cloned()))
                .unwrap_or_default()
        })
    };
    let solved = move || mine().solved;
    let has_draft = move || mine().draft.is_some_and(|d| !d.trim().is_empty());
    let hints_shown = move || (mine().hints_shown as usize).min(n_hints);
    let solution_shown = move || mine().solution_shown;
    let no_more_hints = move || hints_shown() >= n_hints;

    let load = move |text: String, what: &str| {
        course.activate(Some(key.get_value()));
        lab.load_text(text);
        lab.say(format!("Loaded {what} into the editor. Edit it, then press Check."));
    };
    let load_draft = move |_| {
        let draft = mine().draft.filter(|d| !d.trim().is_empty());
        match draft {
            Some(d) => load(d, "your saved draft"),
            None => load(ex.with_value(|e| e.starter.clone()), "the starting manifest"),
        }
    };
    let restart = move |_| load(ex.with_value(|e| e.starter.clone()), "the starting manifest");
    let check = move |_| {
        let text = lab.text.get_untracked();
        lab.save_draft();
        let (s, id) = (slug.get_value(), ex.with_value(|e| e.id.clone()));
        course.activate(Some(key.get_value()));
        course.update_progress(|p| p.save_draft(&s, &id, &text));
        let attempt = ex.with_value(|e| e.attempt(&text));
        if let (Some(sc), Some(tl)) = (attempt.scenario, attempt.timeline) {
            lab.play_simulated(sc, tl, None);
        }
        let v = attempt.verdict;
        if v.solved() {
            course.solved(&s, &id);
            lab.say("Solved: every part of the goal is met.");
        } else {
            let first = v.explanations().into_iter().next().unwrap_or_default();
            lab.say(format!("Not yet. {first}"));
        }
        verdict.set(Some(v));
    };
    let hint = move |_| {
        let (s, id) = (slug.get_value(), ex.with_value(|e| e.id.clone()));
        let next = (hints_shown() + 1).min(n_hints) as u32;
        course.update_progress(|p| {
            p.exercises.entry(exercise_key(&s, &id)).or_default().hints_shown = next
        });
    };
    let show_solution = move |_| {
        let (s, id) = (slug.get_value(), ex.with_value(|e| e.id.clone()));
        course.update_progress(|p| {
            p.exercises.entry(exercise_key(&s, &id)).or_default().solution_shown = true
        });
    };
    let load_solution = move |_| load(ex.with_value(|e| e.solution.clone()), "the solution");

    let verdict_view = move || {
        verdict.get().map(|v| {
            if !v.rejected.is_empty() {
                return view! {
                    <p class="pl-verdict__head pl-verdict__head--fail">"Not yet: the API server refused the manifest."</p>
                    <ul class="pl-checks">
                        {v.explanations().into_iter().map(|e| view! { <li class="pl-check pl-check--fail">{e}</li> }).collect_view()}
                    </ul>
                }
                .into_any();
            }
            let n = v.results.len();
            let met = v.results.iter().filter(|r| r.outcome.passed()).count();
            let head = if v.solved() {
                "Solved: every part of the goal is met.".to_string()
            } else {
                format!("Not yet: {met} of {n} parts of the goal are met.")
            };
            let solved = v.solved();
            let debrief = (solved && !v.debrief.is_empty()).then(|| {
                view! {
                    <div class="pl-verdict__debrief" data-testid="exercise-debrief">
                        <p class="pl-verdict__sub">"What happened in your run:"</p>
                        <ul>{v.debrief.iter().map(|l| view! { <li>{ticks(l)}</li> }).collect_view()}</ul>
                    </div>
                }
            });
            view! {
                <p class="pl-verdict__head" class:pl-verdict__head--pass=solved class:pl-verdict__head--fail=!solved>{head}</p>
                <ul class="pl-checks">{v.results.into_iter().map(move |r| clause_item(r, lab)).collect_view()}</ul>
                {debrief}
            }
            .into_any()
        })
    };

    let hints_view = move || {
        let shown = hints_shown();
        ex.with_value(|e| {
            e.hints
                .iter()
                .take(shown)
                .map(|h| view! { <li class="pl-exercise__hint" inner_html=markdown::render(h)></li> })
                .collect_view()
        })
    };

    view! {
        <section class="pl-exercise" data-testid="exercise" data-exercise=ex.with_value(|e| e.id.clone()) aria-labelledby=labelled_by>
            <h3 class="pl-exercise__title" id=heading_id>
                {ex.with_value(|e| format!("Exercise: {}", e.title))}
                {move || solved().then(|| view! { <span class="pl-badge pl-badge--ok" data-testid="exercise-solved">"✓ Solved"</span> })}
            </h3>
            <div class="pl-exercise__goal" inner_html=goal_html></div>
            <div class="pl-exercise__bar">
                <button class="pl-btn" data-testid="exercise-starter" on:click=load_draft>
                    {move || if has_draft() { "Load your draft" } else { "Load starter" }}
                </button>
                {move || has_draft().then(|| view! {
                    <button class="pl-btn pl-btn--ghost" data-testid="exercise-restart" on:click=restart>"Start over"</button>
                })}
                <button class="pl-btn pl-btn--primary" data-testid="exercise-check" on:click=check>"Check my manifest"</button>
            </div>
            <div class="pl-verdict" data-testid="exercise-verdict" role="status">{verdict_view}</div>
            <ol class="pl-exercise__hints">{hints_view}</ol>
            <div class="pl-exercise__bar">
                <button class="pl-btn pl-btn--ghost" data-testid="exercise-hint" on:click=hint disabled=no_more_hints>
                    {move || {
                        let k = hints_shown();
                        if k >= n_hints { "No more hints".to_string() } else { format!("Show a hint ({} of {n_hints})", k + 1) }
                    }}
                </button>
                <button class="pl-btn pl-btn--ghost" data-testid="exercise-solution" on:click=show_solution
                    aria-expanded=move || if solution_shown() { "true" } else { "false" }>"Show solution"</button>
            </div>
            {move || solution_shown().then(|| view! {
                <div class="pl-exercise__solution">
                    <pre class="pl-example__code" tabindex="0"><code>{ex.with_value(|e| e.solution.clone())}</code></pre>
                    <button class="pl-btn" data-testid="exercise-load-solution" on:click=load_solution>"Load solution into editor"</button>
                </div>
            })}
        </section>
    }
}

/// A sentence whose `backticked` parts (names, log lines: the learner's own text) show as code,
/// every piece a text node (they are never HTML).
fn ticks(s: &str) -> impl IntoView {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            let part = part.to_string();
            if i % 2 == 1 {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

/// One check's line under its goal clause: ✓ or ✗, the clause in plain words, the check as
/// written, and for an unmet one why, where the run went another way and a button that moves
/// the playhead there.
fn clause_item(r: CheckResult, lab: crate::ui::state::Lab) -> impl IntoView {
    let passed = r.outcome.passed();
    let why = match &r.outcome {
        crate::content::check::Outcome::Pass => None,
        crate::content::check::Outcome::Fail(why) => Some(why.clone()),
    };
    let at = r.at();
    let moment = r.moment.clone().filter(|_| !passed).map(|m| m.text);
    view! {
        <li class="pl-check" class:pl-check--pass=passed class:pl-check--fail=!passed data-testid="exercise-result">
            <span class="pl-check__mark" aria-hidden="true">{if passed { "✓" } else { "✗" }}</span>
            <span class="pl-sr-only">{if passed { "Met: " } else { "Not met: " }}</span>
            // The clause is lesson Markdown (code spans for names), rendered like the goal.
            <span class="pl-check__clause" data-testid="exercise-clause" inner_html=markdown::render(&r.clause)></span>
            " "
            <code class="pl-check__src">{r.check}</code>
            {why.map(|w| view! { <span class="pl-check__why">{w}</span> })}
            {moment.map(|m| view! {
                <span class="pl-check__moment" data-testid="exercise-moment">{ticks(&format!("Where it went another way: {m}."))}</span>
            })}
            {at.filter(|_| !passed).map(|t| view! {
                <button class="pl-btn pl-btn--ghost pl-check__jump" data-testid="exercise-jump"
                    data-at=t.0.to_string()
                    on:click=move |_| {
                        lab.seek(t);
                        lab.say(format!("Paused at {}, where the run went another way.", clock(t)));
                    }>
                    {format!("Show me {}", clock(t))}
                </button>
            })}
        </li>
    }
}

/// A predict-then-run question.
#[component]
pub fn PredictCard(
    /// The lesson's slug (progress key).
    slug: String,
    /// The question.
    predict: Predict,
    /// The example it runs (the linter guarantees it exists).
    example: Option<Example>,
) -> impl IntoView {
    let course = Course::get();
    let lab = course.lab();
    let answer_key = format!("{slug}#{}", predict.example);
    let group = format!("predict-{slug}-{}-{}", predict.example, predict.line);
    let question_html = markdown::render(&predict.question);
    let saved =
        course.progress.with_untracked(|p| p.predictions.get(&answer_key).map(|c| *c as usize));
    let choice = RwSignal::new(saved.filter(|c| *c < predict.choices.len()));
    // After a run: what the pod's STATUS column showed, or why nothing ran.
    let observed = RwSignal::new(None::<Result<Vec<String>, String>>);
    let p = StoredValue::new(predict);
    let ex = StoredValue::new(example);
    let answer_key = StoredValue::new(answer_key);

    let choose = move |i: usize| {
        choice.set(Some(i));
        observed.set(None);
        course.update_progress(|pr| {
            pr.predictions.insert(answer_key.get_value(), i as u32);
        });
    };
    let run = move |_| {
        let Some(e) = ex.get_value() else {
            observed.set(Some(Err("This question's example is missing from the lesson.".into())));
            return;
        };
        course.activate(None);
        lab.load_text(e.yaml.clone());
        match e.scenario() {
            Err(d) => observed.set(Some(Err(d
                .first()
                .map(|d| format!("The API server refused it: {}", d.message))
                .unwrap_or_default()))),
            Ok(sc) => {
                let run = lab.play(sc);
                let seq = p.with_value(|p| p.observed(&run.timeline));
                lab.say(format!("The pod showed: {}.", seq.join(", then ")));
                observed.set(Some(Ok(seq)));
            }
        }
    };

    let choices = p.with_value(|pr| {
        pr.choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let label = c.join(" → ");
                let group = group.clone();
                view! {
                    <label class="pl-predict__choice">
                        <input type="radio" name=group value=i.to_string()
                            prop:checked=move || choice.get() == Some(i) on:change=move |_| choose(i)/>
                        <span>{label}</span>
                    </label>
                }
            })
            .collect_view()
    });

    let result = move || {
        let (Some(c), Some(obs)) = (choice.get(), observed.get()) else { return None };
        Some(match obs {
            Err(why) => {
                view! { <p class="pl-verdict__head pl-verdict__head--fail">{why}</p> }.into_any()
            }
            Ok(seq) => {
                let right = p.with_value(|p| p.is_correct(c));
                let guessed =
                    p.with_value(|p| p.choices.get(c).map(|s| s.join(" → ")).unwrap_or_default());
                view! {
                    <p class="pl-verdict__head" class:pl-verdict__head--pass=right class:pl-verdict__head--fail=!right>
                        {if right { "✓ Right." } else { "✗ Not this time." }}
                    </p>
                    <p>"You predicted: " <span class="pl-seq">{guessed}</span></p>
                    <p>"The pod showed: " <span class="pl-seq" data-testid="predict-observed">{seq.join(" → ")}</span></p>
                }
                .into_any()
            }
        })
    };

    view! {
        <fieldset class="pl-predict" data-testid="predict">
            <legend class="pl-predict__legend">"Predict, then run"</legend>
            <div class="pl-predict__q" inner_html=question_html></div>
            <div class="pl-predict__choices">{choices}</div>
            <button class="pl-btn pl-btn--primary" data-testid="predict-run" on:click=run disabled=move || choice.get().is_none()>
                "Run and compare"
            </button>
            <div class="pl-verdict" data-testid="predict-result" role="status">{result}</div>
        </fieldset>
    }
}
