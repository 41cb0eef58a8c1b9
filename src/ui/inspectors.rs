//! Inspectors that follow the playhead: events (as `kubectl describe pod` lists them, pod by pod), logs per
//! container (current or previous instance), and the files in each pod's volumes — a file an
//! init container writes appears at the instant it is written.

use crate::engine::kubectl::events::{describe_rows, EventRow};
use crate::ui::state::Lab;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Events,
    Logs,
    Files,
}

/// The tabbed inspector panel.
#[component]
pub fn Inspectors() -> impl IntoView {
    let lab = Lab::get();
    let tab = RwSignal::new(Tab::Events);
    let t = Memo::new(move |_| lab.playback.with(|p| p.t));
    let tab_btn = move |which: Tab, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" class="pl-tab" data-testid=id aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)>{label}</button>
        }
    };

    // Memos keep playback cheap: the playhead moves ~30 times a second, but the event rows
    // change at most once a second (ages are whole seconds), and logs and files only when a
    // line or a file is written; the DOM is touched only then.
    let t_sec = Memo::new(move |_| t.get().0 / 1000);
    let ev_count = Memo::new(move |_| {
        let now = t.get();
        lab.run.with(|r| r.as_ref().map_or(0, |r| r.events.partition_point(|e| e.t <= now)))
    });
    let event_rows = Memo::new(move |_| {
        let (_, _) = (t_sec.get(), ev_count.get()); // the only tracked inputs
        let now = t.get_untracked();
        lab.run.with(|r| {
            r.as_ref()
                .map(|r| describe_rows(&r.events[..r.events.partition_point(|e| e.t <= now)], now))
                .unwrap_or_default()
        })
    });
    let events = move || {
        let rows = event_rows.get();
        if rows.is_empty() {
            return view! { <p class="pl-empty">"No events yet."</p> }.into_any();
        }
        view! {
            <table class="pl-table" data-testid="events">
                <thead><tr><th>"Type"</th><th>"Reason"</th><th>"Age"</th><th>"From"</th><th>"Message"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| match row {
                        EventRow::Pod(name) => view! {
                            <tr class="pl-table__group"><th colspan="5" scope="rowgroup">"pod/" {name}</th></tr>
                        }.into_any(),
                        EventRow::Event { type_, reason, age, count, from, message } => {
                            let warn = type_ == "Warning";
                            view! {
                                <tr class:pl-warn=warn>
                                    <td>{type_}</td><td>{reason}</td>
                                    <td>{age} {count.map(|c| view! { " " <span class="pl-nowrap">{c}</span> })}</td>
                                    <td>{from}</td><td>{message}</td>
                                </tr>
                            }.into_any()
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };

    // Logs: pick a container of a pod; previous instance on request.
    let choice = RwSignal::new(String::new()); // "pod/container"
    let previous = RwSignal::new(false);
    let options = Memo::new(move |_| {
        lab.run.with(|r| {
            r.as_ref()
                .map(|r| {
                    r.timeline
                        .lanes()
                        .into_iter()
                        .map(|l| format!("{}/{}", l.pod, l.container))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let logs = Memo::new(move |_| {
        let now = t.get();
        let opts = options.get();
        let sel = choice.get();
        let sel = if opts.contains(&sel) { sel } else { opts.first().cloned().unwrap_or_default() };
        let Some((pod, ctr)) = sel.split_once('/') else { return String::new() };
        lab.run.with(|r| {
            r.as_ref()
                .and_then(|r| r.timeline.logs(pod, ctr, previous.get(), now))
                .map(|ls| ls.into_iter().map(|(_, l)| l).collect::<Vec<_>>().join("\n"))
                .unwrap_or_else(|| {
                    if previous.get() {
                        "(no previous instance)".into()
                    } else {
                        "(not started yet)".into()
                    }
                })
        })
    });

    let files = Memo::new(move |_| {
        let now = t.get();
        lab.run.with(|r| {
            let Some(r) = r.as_ref() else { return Vec::new() };
            r.timeline
                .pods_at(now)
                .into_iter()
                .flat_map(|p| {
                    let name = p.pod.metadata.name.clone();
                    r.timeline.files_at(&name, now).into_iter().flat_map(move |(vol, fs)| {
                        let name = name.clone();
                        fs.into_iter().map(move |(path, bytes)| {
                            (
                                format!("{name} · {vol}"),
                                path,
                                String::from_utf8_lossy(&bytes).into_owned(),
                            )
                        })
                    })
                })
                .collect::<Vec<_>>()
        })
    });

    view! {
        <section class="pl-insp" aria-label="Inspectors">
            <div role="tablist" class="pl-tabs">
                {tab_btn(Tab::Events, "Events", "tab-events")}
                {tab_btn(Tab::Logs, "Logs", "tab-logs")}
                {tab_btn(Tab::Files, "Files", "tab-files")}
            </div>
            <div role="tabpanel" class="pl-insp__panel">
                {move || match tab.get() {
                    Tab::Events => events().into_any(),
                    Tab::Logs => view! {
                        <div class="pl-logs__bar">
                            <label>"Container "
                                <select data-testid="logs-container" on:change=move |ev| choice.set(event_target_value(&ev))>
                                    {options.get().into_iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                            <label><input type="checkbox" prop:checked=move || previous.get()
                                on:change=move |ev| previous.set(event_target_checked(&ev))/>" previous instance"</label>
                        </div>
                        <pre class="pl-term" data-testid="logs">{move || logs.get()}</pre>
                    }.into_any(),
                    Tab::Files => view! {
                        <div data-testid="files">
                            {move || {
                                let fs = files.get();
                                if fs.is_empty() {
                                    view! { <p class="pl-empty">"No files in any volume yet."</p> }.into_any()
                                } else {
                                    fs.into_iter().map(|(vol, path, body)| view! {
                                        <details class="pl-file" open>
                                            <summary><span class="pl-file__vol">{vol}</span>" "<code>{path}</code></summary>
                                            <pre class="pl-term">{body}</pre>
                                        </details>
                                    }).collect_view().into_any()
                                }
                            }}
                        </div>
                    }.into_any(),
                }}
            </div>
        </section>
    }
}
