//! The drawing of one pod on the stage (DOM boxes, CSS in `style/stage.css`): the init
//! containers as a numbered queue that lights up one at a time, a gate that opens when the pod
//! is `Initialized`, the app containers behind it, native sidecars in the queue staying up;
//! each box with its exit code, a restart counter and, during a back-off, a draining countdown;
//! under it the volume shelf, where a file appears when a container writes it and is marked
//! with the containers that have read it.
//!
//! Everything drawn is read from [`StagePod`] (the kubelet's display state and the shelf): the
//! stage decides nothing. State changes are class changes on elements that stay in the DOM, so
//! CSS animates them (and `prefers-reduced-motion` stops that, `tokens.css`); the aria-live
//! twin of container changes is the announcer's narration, that of the shelf is said here.

use crate::engine::kubelet::ContainerView;
use crate::engine::model::ContainerKind;
use crate::ui::cards::{kind_label, ContainerCard, PodCard};
use crate::ui::playback::clock_text;
use crate::ui::stage::{backoff_drain, read_words, reader_names, shelf_news, size_words, StagePod};
use leptos::prelude::*;

/// The icon beside a state: the colour code never stands alone (colour-blind readers).
pub fn state_icon(state: &str) -> &'static str {
    match state {
        "waiting" => "◷",
        "running" => "▶",
        "ready" => "✓",
        "completed" => "■",
        "failed" => "✕",
        "backoff" => "↻",
        "terminating" => "⏏",
        _ => "·",
    }
}

/// A container's card in words (inside its box on the stage).
#[component]
pub fn ContainerText(pod: Memo<Option<PodCard>>, name: String) -> impl IntoView {
    let key = name.clone();
    let name_attr = name.clone();
    let c = Memo::new(move |_| {
        pod.with(|p| p.as_ref().and_then(|p| p.containers.iter().find(|c| c.name == key).cloned()))
    });
    let get = move |f: fn(&ContainerCard) -> String| {
        move || c.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let state = move || c.with(|c| c.as_ref().map_or("waiting", |c| c.state.as_str()));
    let kind = move || c.with(|c| c.as_ref().map_or("app", |c| kind_label(c.kind)));
    view! {
        <div class=move || format!("pl-ctr pl-ctr--{} pl-ctr--{}", state(), kind()) data-testid="container" data-state=state
            data-name=name_attr>
            <span class="pl-ctr__icon" aria-hidden="true">{move || state_icon(state())}</span>
            <span class="pl-ctr__kind">{kind}</span>
            <span class="pl-ctr__name">{name}</span>
            <span class="pl-ctr__state">{move || c.with(|c| c.as_ref().map_or("Waiting", |c| c.state.label()))}</span>
            // The reason only when it adds to the state label (`Completed Completed` says nothing).
            <span class="pl-ctr__reason">{get(|c| c.reason.clone().filter(|r| r != c.state.label()).unwrap_or_default())}</span>
            <span class="pl-ctr__exit">{get(|c| c.exit_code.map(|e| format!("exit {e}")).unwrap_or_default())}</span>
            <span class="pl-ctr__restarts">{get(|c| match c.restarts { 0 => String::new(), 1 => "1 restart".into(), n => format!("{n} restarts") })}</span>
            <span class="pl-ctr__words">{get(|c| c.words.clone())}</span>
        </div>
    }
}

#[component]
fn ContainerBox(
    /// The pod's cards (the words inside the box).
    card: Memo<Option<PodCard>>,
    /// The pod's stage data.
    sp: Memo<Option<StagePod>>,
    /// The container.
    name: String,
    /// Its place in the init queue (1-based), for init containers and sidecars.
    num: Option<usize>,
) -> impl IntoView {
    let key = name.clone();
    let v: Memo<Option<ContainerView>> = Memo::new(move |_| {
        sp.with(|p| {
            p.as_ref().and_then(|p| p.queue.iter().chain(&p.apps).find(|c| c.name == key).cloned())
        })
    });
    let state = move || v.with(|v| v.as_ref().map_or("waiting", |v| v.state.as_str()));
    let kind = move || v.with(|v| v.as_ref().map_or("app", |v| kind_label(v.kind)));
    let exit = move || {
        v.with(|v| {
            v.as_ref().and_then(|v| v.exit_code).map(|e| match v.as_ref().and_then(|v| v.signal) {
                Some(s) => format!("exit {e} · signal {s}"),
                None => format!("exit {e}"),
            })
        })
    };
    let restarts = move || v.with(|v| v.as_ref().map_or(0, |v| v.restart_count));
    let drain = Memo::new(move |_| v.with(|v| v.as_ref().and_then(backoff_drain)));
    let sidecar = move || v.with(|v| v.as_ref().is_some_and(|v| v.kind == ContainerKind::Sidecar));
    view! {
        <li class=move || format!("pl-box pl-box--{} pl-box--{}", state(), kind()) data-testid="stage-container"
            data-kind=kind data-state=state data-name=name.clone()>
            {num.map(|n| view! { <span class="pl-box__num" aria-hidden="true">{n}</span> })}
            <ContainerText pod=card name=name.clone()/>
            <div class="pl-box__meta">
                <Show when=sidecar>
                    <span class="pl-box__tag">"stays up beside the apps"</span>
                </Show>
                <Show when=move || exit().is_some()>
                    <span class="pl-box__exit" data-testid="stage-exit">{exit}</span>
                </Show>
                <Show when=move || { restarts() > 0 }>
                    <span class="pl-box__restarts" data-testid="stage-restarts">
                        <span aria-hidden="true">"↻ "</span>{restarts}
                        <span class="pl-box__unit">{move || if restarts() == 1 { " restart" } else { " restarts" }}</span>
                    </span>
                </Show>
            </div>
            <Show when=move || drain.with(Option::is_some)>
                <div class="pl-drain" data-testid="stage-backoff">
                    <span class="pl-drain__track" aria-hidden="true">
                        <span class="pl-drain__bar" style:width=move || drain.with(|d| d.as_ref().map(|(p, _)| format!("{}.{}%", p / 10, p % 10)).unwrap_or_default())></span>
                    </span>
                    <span class="pl-drain__words">{move || drain.with(|d| d.as_ref().map(|(_, w)| w.clone()).unwrap_or_default())}</span>
                </div>
            </Show>
        </li>
    }
}

/// The volume shelf of one pod.
#[component]
fn Shelf(sp: Memo<Option<StagePod>>) -> impl IntoView {
    let vols =
        Memo::new(move |_| sp.with(|p| p.as_ref().map(|p| p.shelf.clone()).unwrap_or_default()));
    let names =
        Memo::new(move |_| vols.with(|v| v.iter().map(|v| v.name.clone()).collect::<Vec<_>>()));
    // The shelf's aria-live twin: the newest write or first read up to the playhead, in words.
    let latest = move || vols.with(|vs| shelf_news(vs));
    view! {
        <Show when=move || !names.with(Vec::is_empty)>
            <div class="pl-shelf" role="group" aria-label="Volumes">
                <For each=move || names.get() key=|n| n.clone() let:vname>
                    {
                        let key = vname.clone();
                        let vol = Memo::new(move |_| vols.with(|vs| vs.iter().find(|v| v.name == key).cloned()));
                        let files = Memo::new(move |_| vol.with(|v| v.as_ref().map(|v| v.files.clone()).unwrap_or_default()));
                        let paths = Memo::new(move |_| files.with(|f| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>()));
                        let kind = move || vol.with(|v| v.as_ref().map(|v| v.kind.clone()).unwrap_or_default());
                        let mounts = move || vol.with(|v| v.as_ref().map(|v| v.mounts.iter().map(|m| {
                            let ro = if m.read_only { ", read-only" } else { "" };
                            format!("{} ({}{ro})", m.container, m.path)
                        }).collect::<Vec<_>>().join(" · ")).unwrap_or_default());
                        view! {
                            <section class="pl-vol" data-testid="stage-volume" data-volume=vname.clone() aria-label=format!("Volume {vname}")>
                                <p class="pl-vol__name"><span aria-hidden="true">"▤ "</span>{vname.clone()}" "<span class="pl-vol__kind">{kind}</span></p>
                                <ul class="pl-vol__files">
                                    <For each=move || paths.get() key=|p| p.clone() let:path>
                                        {
                                            let key = path.clone();
                                            let f = Memo::new(move |_| files.with(|fs| fs.iter().find(|f| f.path == key).cloned()));
                                            let meta = move || f.with(|f| f.as_ref().map(|f| {
                                                let by = f.written_by.as_deref().map(|b| format!(" · by {b}")).unwrap_or_else(|| " · projected".into());
                                                let at = f.written_at.map(|t| format!(" at {}", clock_text(t))).unwrap_or_default();
                                                format!("{}{by}{at}", size_words(f.bytes))
                                            }).unwrap_or_default());
                                            let readers = move || f.with(|f| f.as_ref().map(reader_names).unwrap_or_default());
                                            let read = move || f.with(|f| f.as_ref().map(read_words).unwrap_or_default());
                                            view! {
                                                <li class="pl-file-chip" class:pl-file-chip--read=move || !read().is_empty()
                                                    data-testid="stage-file" data-path=path.clone() data-readers=readers>
                                                    <span class="pl-file-chip__path">{path.clone()}</span>
                                                    <span class="pl-file-chip__meta">{meta}</span>
                                                    <Show when=move || !read().is_empty()>
                                                        <span class="pl-file-chip__read" data-testid="stage-file-readers">
                                                            <span class="pl-file-chip__eye" aria-hidden="true"></span>{read}
                                                        </span>
                                                    </Show>
                                                </li>
                                            }
                                        }
                                    </For>
                                    <Show when=move || paths.with(Vec::is_empty)>
                                        <li class="pl-vol__empty">"empty"</li>
                                    </Show>
                                </ul>
                                <p class="pl-vol__mounts">"Mounted by " {mounts}</p>
                            </section>
                        }
                    }
                </For>
                <p class="pl-sr-only" aria-live="polite">{latest}</p>
            </div>
        </Show>
    }
}

/// One pod, drawn.
#[component]
pub fn StageDrawing(
    /// The pod's cards (words inside the boxes).
    card: Memo<Option<PodCard>>,
    /// The pod's stage data at the playhead.
    sp: Memo<Option<StagePod>>,
) -> impl IntoView {
    let queue = Memo::new(move |_| {
        sp.with(|p| {
            p.as_ref()
                .map(|p| p.queue.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let apps = Memo::new(move |_| {
        sp.with(|p| {
            p.as_ref()
                .map(|p| p.apps.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let open = move || sp.with(|p| p.as_ref().is_some_and(|p| p.initialized));
    let gate_label = move || {
        if open() {
            "Gate open: the pod is Initialized, the app containers may run"
        } else {
            "Gate shut: the app containers wait until every init container has completed"
        }
    };
    view! {
        <div class="pl-draw" class:pl-draw--open=open class:pl-draw--noinit=move || queue.with(Vec::is_empty)>
            <Show when=move || !queue.with(Vec::is_empty)>
                <div class="pl-draw__col pl-draw__col--queue">
                    <p class="pl-draw__title">"Init containers · one at a time"</p>
                    <ol class="pl-draw__queue">
                        {move || queue.get().into_iter().enumerate().map(|(i, n)| view! {
                            <ContainerBox card sp name=n num=Some(i + 1)/>
                        }).collect_view()}
                    </ol>
                </div>
            </Show>
            <div class="pl-gate" class:pl-gate--open=open role="img" aria-label=gate_label data-testid="stage-gate">
                <span class="pl-gate__door" aria-hidden="true"></span>
                <span class="pl-gate__label" aria-hidden="true">{move || if open() { "Initialized ✓" } else { "Initialized ✕" }}</span>
            </div>
            <div class="pl-draw__col pl-draw__col--apps">
                <p class="pl-draw__title">"App containers"</p>
                <ul class="pl-draw__apps">
                    <For each=move || apps.get() key=|n| n.clone() let:n>
                        <ContainerBox card sp name=n num=None/>
                    </For>
                </ul>
            </div>
        </div>
        <Shelf sp/>
    }
}
