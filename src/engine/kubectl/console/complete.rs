//! Tab completion: candidates for the word under the cursor from the verb table (every verb
//! and its flags), resource types, output formats, pod and container names and the lesson's
//! files ([`complete`]), and what one press of Tab does to the line ([`tab`]).

use super::flags::{FlagSpec, GLOBAL};
use super::{is_pod_type, tokenize, Args, VERBS};
use crate::engine::kubelet::PodView;
use crate::engine::sort::sort;

/// Tab-completion candidates for the last (possibly empty) word of `line`, given the pods that
/// exist at the playhead and the files `apply -f` can read. Candidates are whole words,
/// sorted; an empty list means nothing fits.
pub fn complete(line: &str, pods: &[PodView], files: &[(String, String)]) -> Vec<String> {
    let ends_with_space = line.ends_with(' ') || line.is_empty();
    let words: Vec<String> =
        tokenize(line).unwrap_or_else(|_| line.split_whitespace().map(String::from).collect());
    let (done, partial): (Vec<String>, String) = if ends_with_space {
        (words.clone(), String::new())
    } else {
        let mut w = words.clone();
        let last = w.pop().unwrap_or_default();
        (w, last)
    };
    let pod_names: Vec<String> = pods.iter().map(|v| v.pod.metadata.name.clone()).collect();
    let pick = |cands: Vec<String>| -> Vec<String> {
        let mut v: Vec<String> = cands.into_iter().filter(|c| c.starts_with(&partial)).collect();
        sort(&mut v);
        v.dedup();
        v
    };
    let Some(first) = done.first() else {
        return pick(vec!["kubectl".into()]);
    };
    if first != "kubectl" && first != "k" {
        return Vec::new();
    }
    let rest = &done[1..];
    let Some(verb_word) = rest.first() else {
        return pick(VERBS.iter().map(|v| v.name.to_string()).collect());
    };
    let Some(verb) =
        VERBS.iter().find(|v| v.name == verb_word || v.aliases.contains(&&**verb_word))
    else {
        return Vec::new();
    };
    if rest.iter().any(|w| w == "--") {
        return Vec::new(); // the container's command: nothing kubectl knows
    }
    let prev = rest.last().map(String::as_str).unwrap_or("");
    if prev == "-o" || prev == "--output" {
        return pick(["wide", "yaml", "json", "name"].iter().map(|s| s.to_string()).collect());
    }
    if prev == "-c" || prev == "--container" {
        let pod = rest[1..].iter().find(|w| !w.starts_with('-') && pod_names.contains(w));
        let containers: Vec<String> = pods
            .iter()
            .filter(|v| Some(&v.pod.metadata.name) == pod)
            .flat_map(|v| {
                v.pod
                    .spec
                    .init_containers
                    .iter()
                    .chain(v.pod.spec.containers.iter())
                    .map(|c| c.name.clone())
            })
            .collect();
        return pick(containers);
    }
    if prev == "-f" || prev == "--filename" {
        let mut names: Vec<String> = vec!["-".into()];
        names.extend(files.iter().map(|(n, _)| n.clone()));
        return pick(names);
    }
    if partial.starts_with('-') {
        let mut flags = flag_words(verb.flags);
        if verb.args == Args::PodThenCommand {
            flags.push("--".into());
        }
        return pick(flags);
    }
    let positional: Vec<&String> = rest[1..].iter().filter(|w| !w.starts_with('-')).collect();
    // TYPE/NAME form: `describe pod/in<Tab>`.
    if let Some((ty, _)) = partial.split_once('/') {
        let takes_pods = matches!(verb.args, Args::Types(_) | Args::Pod | Args::PodThenCommand);
        if is_pod_type(ty) && takes_pods {
            return pick(pod_names.iter().map(|n| format!("{ty}/{n}")).collect());
        }
        return Vec::new();
    }
    match verb.args {
        Args::Types(types) if positional.is_empty() => {
            pick(types.iter().map(|s| s.to_string()).collect())
        }
        Args::Types(_) if is_pod_type(positional[0]) => pick(pod_names),
        Args::Pod | Args::PodThenCommand if positional.is_empty() => pick(pod_names),
        Args::Sub(subs) => match positional.as_slice() {
            [] => pick(subs.iter().map(|(s, _)| s.to_string()).collect()),
            [s] => subs
                .iter()
                .find(|(name, _)| name == s)
                .map(|(_, next)| pick(next.iter().map(|x| x.to_string()).collect()))
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// `--long` and `-s` for each flag, with kubectl's global flags.
fn flag_words(flags: &[FlagSpec]) -> Vec<String> {
    flags
        .iter()
        .chain(GLOBAL)
        .flat_map(|f| {
            std::iter::once(format!("--{}", f.long)).chain(f.short.map(|s| format!("-{s}")))
        })
        .collect()
}

/// What one press of Tab does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tab {
    /// The line after the press (unchanged when nothing fits or the candidates share no more).
    pub line: String,
    /// The candidates to show, when the press could not choose among them (as bash lists
    /// them); empty when it completed or nothing fits.
    pub offers: Vec<String>,
}

/// Tab at the end of `line` given its candidates ([`complete`]): one candidate completes the
/// word (and a space follows); several extend it to what they share, and when they share no
/// more than what is typed they are offered.
pub fn tab(line: &str, candidates: &[String]) -> Tab {
    let partial = if line.ends_with(' ') { "" } else { line.rsplit(' ').next().unwrap_or(line) };
    let head = &line[..line.len() - partial.len()];
    match candidates {
        [] => Tab { line: line.to_string(), offers: Vec::new() },
        [one] => Tab { line: format!("{head}{one} "), offers: Vec::new() },
        [first, others @ ..] => {
            let mut prefix = first.clone();
            for c in others {
                while !c.starts_with(&prefix) {
                    prefix.pop();
                }
            }
            if prefix.len() > partial.len() && prefix.starts_with(partial) {
                Tab { line: format!("{head}{prefix}"), offers: Vec::new() }
            } else {
                Tab { line: line.to_string(), offers: candidates.to_vec() }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(line: &str) -> Tab {
        tab(line, &complete(line, &[], &[("lesson/first.yaml".into(), String::new())]))
    }

    #[test]
    fn every_verb_is_offered_and_one_candidate_completes() {
        assert_eq!(press("kubectl ex").offers, ["exec", "expose"]);
        assert_eq!(press("kubectl ex").line, "kubectl ex");
        assert_eq!(press("kubectl ru").line, "kubectl run ");
        assert_eq!(press("kubectl d").line, "kubectl de");
        assert_eq!(press("kubectl de").offers, ["delete", "describe"]);
        assert_eq!(press("kubectl zz"), Tab { line: "kubectl zz".into(), offers: vec![] });
        for v in VERBS {
            assert!(complete("kubectl ", &[], &[]).contains(&v.name.to_string()), "{}", v.name);
        }
    }

    #[test]
    fn flags_come_from_the_verb_table_and_files_follow_dash_f() {
        assert_eq!(press("kubectl run --im").line, "kubectl run --image");
        assert_eq!(press("kubectl get pods --wa").line, "kubectl get pods --watch ");
        assert_eq!(press("kubectl get pods --all").line, "kubectl get pods --all-namespaces ");
        assert_eq!(press("kubectl apply -f less").line, "kubectl apply -f lesson/first.yaml ");
        assert_eq!(press("kubectl create ser").line, "kubectl create service ");
        assert_eq!(press("kubectl create service c").line, "kubectl create service clusterip ");
    }
}
