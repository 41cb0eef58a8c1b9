//! A container's filesystem: the image's root filesystem under a per-instance writable layer
//! (lost when the container restarts, as with overlayfs), plus the pod's volumes mounted over it
//! (shared with the pod's other containers and surviving restarts, held in [`PodVolumes`]).
//!
//! Like overlayfs, the image's layer ([`Base`]) is immutable and shared by every instance of the
//! image (an `Arc`, built once per image by the runtime); each instance only stores what it
//! wrote, created or removed (its *upper* layer, with whiteouts for removals). Starting a
//! container therefore costs a handful of small inserts, not a copy of the image's ~100 paths.
//!
//! Simplifications: no permissions beyond `readOnly` mounts (containers run as root in every
//! catalogue image that matters here), no symlinks, no hard links (FIFOs are nodes without data: see [`Node::Fifo`]), modes are remembered only for
//! `ls -l`-style output.

use super::PodVolumes;
use crate::engine::sort::sort_by;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::iter::Peekable;
use std::sync::Arc;

/// An image's root filesystem: absolute path → node. Immutable once built and shared between
/// the container instances that run the image (`Arc` rather than `Rc` costs one atomic
/// increment per start and keeps the runtime's image cache `Send`).
pub type Base = Arc<BTreeMap<String, Node>>;

/// Why a filesystem operation failed, with the strerror text busybox prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    /// ENOENT.
    NoEnt,
    /// ENOTDIR.
    NotDir,
    /// EISDIR.
    IsDir,
    /// EROFS.
    ReadOnly,
    /// EEXIST.
    Exists,
    /// ENOTEMPTY.
    NotEmpty,
    /// EACCES (a non-root user writing outside the places it owns).
    Access,
    /// ENOSPC: a single file may not grow past [`MAX_FILE_BYTES`].
    NoSpace,
}

impl FsError {
    /// The C library's message.
    pub fn text(self) -> &'static str {
        match self {
            FsError::NoEnt => "No such file or directory",
            FsError::NotDir => "Not a directory",
            FsError::IsDir => "Is a directory",
            FsError::ReadOnly => "Read-only file system",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::Access => "Permission denied",
            FsError::NoSpace => "No space left on device",
        }
    }
}

pub use crate::engine::limits::MAX_FILE_BYTES;

/// A node of the writable layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A directory.
    Dir,
    /// A regular file.
    File(Vec<u8>),
    /// A named pipe (`mkfifo`): it holds no data; the shell pairs its readers and writers.
    Fifo,
}

/// A volume mounted into the container.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    /// Absolute mount path, normalised.
    pub path: String,
    /// Volume name (key of [`PodVolumes::files`]).
    pub volume: String,
    /// Path inside the volume that is mounted (`subPath`), empty for the whole volume.
    pub sub_path: String,
    /// `readOnly` (configMap, secret, downwardAPI and projected volumes are always read-only).
    pub read_only: bool,
}

/// What a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A directory.
    Dir,
    /// A regular file.
    File,
    /// A named pipe (`ls -l` shows `p`, `test -p`).
    Fifo,
}

/// One container instance's view of files.
#[derive(Clone, Debug, Default)]
pub struct Fs {
    /// The image's layer, shared with the image's other instances (read-only).
    base: Base,
    /// This instance's writable layer over `base`: a path written or created here (`Some`), or
    /// removed here (`None`, a whiteout hiding the base's entry).
    upper: BTreeMap<String, Option<Node>>,
    /// Mounts, longest path first so the innermost mount wins.
    pub mounts: Vec<Mount>,
    /// `securityContext.readOnlyRootFilesystem`: the layer refuses every write (even `/tmp`).
    pub read_only_root: bool,
    /// For a non-root user: the root-layer directories it may write under (its home, `/tmp`,
    /// the working directory). `None` for root. Simplification of Unix permissions: images
    /// own everything else as root.
    pub user_writable: Option<Vec<String>>,
    /// Volume files whose contents this instance has read ([`Fs::read_contents`]), each once,
    /// in first-read order, and how many of them the kubelet has collected ([`Fs::take_reads`]).
    /// A cell because servers read while answering another pod's request through a shared
    /// view; only a (volume, path) pair per file, so a `while true; do cat f; done` loop
    /// costs nothing after its first read.
    reads: RefCell<(Vec<(String, String)>, usize)>,
}

/// The merged view of the base and upper layers from a key on, in path order (upper wins,
/// whiteouts hide): what `readdir` on an overlay mount sees.
struct Merged<
    'a,
    A: Iterator<Item = (&'a String, &'a Node)>,
    B: Iterator<Item = (&'a String, &'a Option<Node>)>,
> {
    base: Peekable<A>,
    upper: Peekable<B>,
}

impl<
        'a,
        A: Iterator<Item = (&'a String, &'a Node)>,
        B: Iterator<Item = (&'a String, &'a Option<Node>)>,
    > Iterator for Merged<'a, A, B>
{
    type Item = (&'a String, &'a Node);
    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let order = match (self.base.peek(), self.upper.peek()) {
                (None, None) => return None,
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some((bk, _)), Some((uk, _))) => bk.cmp(uk),
            };
            if order == std::cmp::Ordering::Equal {
                self.base.next(); // shadowed by the upper layer
            }
            let take_upper = order != std::cmp::Ordering::Less;
            if take_upper {
                match self.upper.next() {
                    Some((k, Some(n))) => return Some((k, n)),
                    Some((_, None)) => continue, // whiteout
                    None => return None,
                }
            }
            return self.base.next();
        }
    }
}

enum Loc<'m> {
    Root(String),
    Vol { m: &'m Mount, rel: String },
}

/// Normalises `p` against `cwd`: absolute, no `.`/`..`/empty components, no trailing slash.
pub fn normalize(cwd: &str, p: &str) -> String {
    // Fast path (PATH look-ups of every command): already absolute and normal.
    if is_normal(p) {
        return p.to_string();
    }
    let joined = if p.starts_with('/') { p.to_string() } else { format!("{cwd}/{p}") };
    let mut out: Vec<&str> = Vec::new();
    for c in joined.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    format!("/{}", out.join("/"))
}

/// Whether `p` is already what [`normalize`] would make of it (absolute, no `.`, `..` or empty
/// components, no trailing slash).
pub fn is_normal(p: &str) -> bool {
    // One pass over the components (no `//`, no trailing `/`, no `.` or `..` component): the
    // substring searches this replaces showed in profiles of PATH look-ups at every start.
    match p.strip_prefix('/') {
        Some("") => true,
        Some(rest) => rest.split('/').all(|c| !c.is_empty() && c != "." && c != ".."),
        None => false,
    }
}

fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}

fn join_rel(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

impl Fs {
    /// A filesystem over an image's rootfs with the container's mounts. Mount points are
    /// created in the writable layer as the runtime does.
    pub fn new(base: Base, mut mounts: Vec<Mount>) -> Fs {
        sort_by(&mut mounts, |a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(&b.path)));
        let mut fs = Fs {
            base,
            upper: BTreeMap::new(),
            mounts,
            read_only_root: false,
            user_writable: None,
            reads: RefCell::default(),
        };
        fs.ensure_dir("/");
        let points: Vec<String> = fs.mounts.iter().map(|m| m.path.clone()).collect();
        for p in points {
            let mut cur = String::new();
            for c in p.split('/').filter(|c| !c.is_empty()) {
                cur.push('/');
                cur.push_str(c);
                fs.ensure_dir(&cur);
            }
        }
        fs
    }

    /// The node at `p` in the root layer (upper over base), ignoring mounts.
    pub fn root_get(&self, p: &str) -> Option<&Node> {
        match self.upper.get(p) {
            Some(n) => n.as_ref(),
            None => self.base.get(p),
        }
    }

    /// Sets `p` in the writable layer (as the runtime does for `/etc/hosts`), ignoring mounts
    /// and permissions.
    pub fn root_insert(&mut self, p: &str, node: Node) {
        self.upper.insert(p.to_string(), Some(node));
    }

    /// Makes `p` a directory in the root layer unless it already is one (ignoring mounts).
    pub fn ensure_dir(&mut self, p: &str) {
        if !matches!(self.root_get(p), Some(Node::Dir)) {
            self.upper.insert(p.to_string(), Some(Node::Dir));
        }
    }

    /// Root-layer entries (upper over base) whose path is `>= from`, in order.
    fn root_from<'a>(&'a self, from: &str) -> impl Iterator<Item = (&'a String, &'a Node)> + 'a {
        let from = from.to_string();
        Merged {
            base: self.base.range(from.clone()..).peekable(),
            upper: self.upper.range(from..).peekable(),
        }
    }

    fn locate(&self, path: &str) -> Loc<'_> {
        match self.in_mount(path) {
            Some((m, rel)) => Loc::Vol { m, rel },
            None => Loc::Root(path.to_string()),
        }
    }

    /// The mount `path` is under and the path inside its volume; `None` for the root layer
    /// (without allocating: PATH look-ups stat several paths for every command).
    fn in_mount(&self, path: &str) -> Option<(&Mount, String)> {
        for m in &self.mounts {
            if path == m.path {
                return Some((m, m.sub_path.clone()));
            }
            if path.starts_with(&m.path) && path.as_bytes().get(m.path.len()) == Some(&b'/')
                || m.path == "/"
            {
                let rest = path[m.path.len()..].trim_start_matches('/');
                return Some((m, join_rel(&m.sub_path, rest)));
            }
        }
        None
    }

    /// Whether the root layer refuses a write at `p`, and why.
    fn root_denied(&self, p: &str) -> Option<FsError> {
        if self.read_only_root {
            return Some(FsError::ReadOnly);
        }
        match &self.user_writable {
            Some(dirs)
                if !dirs
                    .iter()
                    .any(|d| p == d || p.starts_with(&format!("{}/", d.trim_end_matches('/')))) =>
            {
                Some(FsError::Access)
            }
            _ => None,
        }
    }

    fn vol_kind(vols: &PodVolumes, vol: &str, rel: &str) -> Option<Kind> {
        if rel.is_empty() {
            return Some(Kind::Dir);
        }
        if vols.files.get(vol).is_some_and(|f| f.contains_key(rel)) {
            return Some(Kind::File);
        }
        if vols.fifos.get(vol).is_some_and(|f| f.contains(rel)) {
            return Some(Kind::Fifo);
        }
        if vols.dirs.get(vol).is_some_and(|d| d.contains(rel)) {
            return Some(Kind::Dir);
        }
        let prefix = format!("{rel}/");
        let implied = vols.files.get(vol).is_some_and(|f| {
            f.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
        }) || vols.dirs.get(vol).is_some_and(|d| {
            d.range(prefix.clone()..).next().is_some_and(|k| k.starts_with(&prefix))
        });
        implied.then_some(Kind::Dir)
    }

    /// What `path` is, if it exists.
    pub fn stat(&self, vols: &PodVolumes, path: &str) -> Option<Kind> {
        match self.in_mount(path) {
            None => match self.root_get(path)? {
                Node::Dir => Some(Kind::Dir),
                Node::File(_) => Some(Kind::File),
                Node::Fifo => Some(Kind::Fifo),
            },
            Some((m, rel)) => Self::vol_kind(vols, &m.volume, &rel),
        }
    }

    /// Whether writes to `path` are refused (read-only mount or root filesystem).
    pub fn read_only(&self, path: &str) -> bool {
        match self.locate(path) {
            Loc::Vol { m, .. } => m.read_only,
            Loc::Root(p) => self.root_denied(&p) == Some(FsError::ReadOnly),
        }
    }

    /// Why a write to an existing `path` would be refused, if it would.
    pub fn write_denied(&self, path: &str) -> Option<FsError> {
        match self.locate(path) {
            Loc::Vol { m, .. } => m.read_only.then_some(FsError::ReadOnly),
            Loc::Root(p) => self.root_denied(&p),
        }
    }

    /// Reads a file. A FIFO reads as empty here: only the shell's `<` pairs it with a writer
    /// (programs that open one by name do not wait for a writer; a simplification).
    pub fn read(&self, vols: &PodVolumes, path: &str) -> Result<Vec<u8>, FsError> {
        match self.locate(path) {
            Loc::Root(p) => match self.root_get(&p) {
                Some(Node::File(d)) => Ok(d.clone()),
                Some(Node::Fifo) => Ok(Vec::new()),
                Some(Node::Dir) => Err(FsError::IsDir),
                None => Err(self.missing_reason(vols, path)),
            },
            Loc::Vol { m, rel } => match vols.files.get(&m.volume).and_then(|f| f.get(&rel)) {
                Some(d) => Ok(d.clone()),
                None => match Self::vol_kind(vols, &m.volume, &rel) {
                    Some(Kind::Dir) => Err(FsError::IsDir),
                    Some(Kind::Fifo) => Ok(Vec::new()),
                    _ => Err(self.missing_reason(vols, path)),
                },
            },
        }
    }

    /// Reads a file's contents for a program (`cat`, `<`, `source`, a server answering a
    /// request): as [`Fs::read`], and a volume file read is remembered for the stage's shelf.
    /// Metadata look-ups (`ls -l` sizes, `test -s`, comparisons before a write) use
    /// [`Fs::read`] and are not reads of the contents.
    pub fn read_contents(&self, vols: &PodVolumes, path: &str) -> Result<Vec<u8>, FsError> {
        let data = self.read(vols, path)?;
        if let Some((m, rel)) = self.in_mount(path) {
            let mut reads = self.reads.borrow_mut();
            if !reads.0.iter().any(|(v, p)| *v == m.volume && *p == rel) {
                reads.0.push((m.volume.clone(), rel));
            }
        }
        Ok(data)
    }

    /// The volume files (volume, path inside it) first read since the last call.
    pub fn take_reads(&self) -> Vec<(String, String)> {
        let mut reads = self.reads.borrow_mut();
        let (all, taken) = &mut *reads;
        let new = all[*taken..].to_vec();
        *taken = all.len();
        new
    }

    fn missing_reason(&self, vols: &PodVolumes, path: &str) -> FsError {
        let mut p = parent(path);
        loop {
            match self.stat(vols, p) {
                Some(Kind::File) => return FsError::NotDir,
                Some(Kind::Fifo) => return FsError::NotDir,
                Some(Kind::Dir) => return FsError::NoEnt,
                None if p == "/" => return FsError::NoEnt,
                None => p = parent(p),
            }
        }
    }

    /// Writes (or appends to) a file; the parent directory must exist.
    pub fn write(
        &mut self,
        vols: &mut PodVolumes,
        path: &str,
        data: &[u8],
        append: bool,
    ) -> Result<(), FsError> {
        match self.stat(vols, parent(path)) {
            Some(Kind::Dir) => {}
            Some(Kind::File | Kind::Fifo) => return Err(FsError::NotDir),
            None => return Err(self.missing_reason(vols, parent(path))),
        }
        match self.stat(vols, path) {
            Some(Kind::Dir) => return Err(FsError::IsDir),
            // A program writing to a FIFO by name: the bytes go to no reader (the shell's `>`
            // pairs writers with readers itself); the FIFO stays a FIFO.
            Some(Kind::Fifo) => {
                return match self.write_denied(path) {
                    Some(e) => Err(e),
                    None => Ok(()),
                }
            }
            _ => {}
        }
        if data.len() > MAX_FILE_BYTES
            || (append
                && self.read(vols, path).map(|d| d.len()).unwrap_or(0) + data.len()
                    > MAX_FILE_BYTES)
        {
            return Err(FsError::NoSpace);
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                // Copy-up: an append to a base file starts from the base's contents.
                let mut d = match (append, self.upper.remove(&p)) {
                    (false, _) => Vec::new(),
                    (true, Some(Some(Node::File(d)))) => d,
                    (true, Some(_)) => Vec::new(),
                    (true, None) => match self.base.get(&p) {
                        Some(Node::File(d)) => d.clone(),
                        _ => Vec::new(),
                    },
                };
                d.extend_from_slice(data);
                self.upper.insert(p, Some(Node::File(d)));
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let f = vols.files.entry(m.volume.clone()).or_default().entry(rel).or_default();
                if !append {
                    f.clear();
                }
                f.extend_from_slice(data);
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Creates one directory (its parent must exist).
    pub fn mkdir(&mut self, vols: &mut PodVolumes, path: &str) -> Result<(), FsError> {
        self.create_node(vols, path, Node::Dir)
    }

    /// Creates a FIFO, as `mkfifo(3)` does (its parent must exist).
    pub fn mkfifo(&mut self, vols: &mut PodVolumes, path: &str) -> Result<(), FsError> {
        self.create_node(vols, path, Node::Fifo)
    }

    /// Creates a directory or a FIFO at `path`, which must not exist yet.
    fn create_node(
        &mut self,
        vols: &mut PodVolumes,
        path: &str,
        node: Node,
    ) -> Result<(), FsError> {
        if self.stat(vols, path).is_some() {
            return Err(FsError::Exists);
        }
        match self.stat(vols, parent(path)) {
            Some(Kind::Dir) => {}
            Some(Kind::File | Kind::Fifo) => return Err(FsError::NotDir),
            None => return Err(FsError::NoEnt),
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                self.upper.insert(p, Some(node));
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let set = if node == Node::Dir { &mut vols.dirs } else { &mut vols.fifos };
                set.entry(m.volume.clone()).or_default().insert(rel);
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Removes a file, or a directory (recursively when `recursive`).
    pub fn remove(
        &mut self,
        vols: &mut PodVolumes,
        path: &str,
        recursive: bool,
    ) -> Result<(), FsError> {
        let kind = self.stat(vols, path).ok_or(FsError::NoEnt)?;
        if self.mounts.iter().any(|m| m.path == path) {
            return Err(FsError::ReadOnly); // EBUSY in reality; a mount point cannot be removed
        }
        if kind == Kind::Dir && !recursive && !self.list(vols, path).unwrap_or_default().is_empty()
        {
            return Err(FsError::NotEmpty);
        }
        match self.locate(path) {
            Loc::Root(p) => {
                if let Some(e) = self.root_denied(&p) {
                    return Err(e);
                }
                let prefix = format!("{p}/");
                // `p` itself, then everything under `p/` (paths like `p-x` sort in between).
                let mut gone: Vec<String> =
                    self.root_get(&p).map(|_| p.clone()).into_iter().collect();
                gone.extend(
                    self.root_from(&prefix)
                        .take_while(|(k, _)| k.starts_with(&prefix))
                        .map(|(k, _)| k.clone()),
                );
                for k in gone {
                    // A whiteout only where the base has the path; an upper-only entry just goes.
                    if self.base.contains_key(&k) {
                        self.upper.insert(k, None);
                    } else {
                        self.upper.remove(&k);
                    }
                }
            }
            Loc::Vol { m, rel } => {
                if m.read_only {
                    return Err(FsError::ReadOnly);
                }
                let prefix = format!("{rel}/");
                if let Some(f) = vols.files.get_mut(&m.volume) {
                    f.retain(|k, _| k != &rel && !k.starts_with(&prefix));
                }
                if let Some(d) = vols.dirs.get_mut(&m.volume) {
                    d.retain(|k| k != &rel && !k.starts_with(&prefix));
                }
                if let Some(d) = vols.fifos.get_mut(&m.volume) {
                    d.retain(|k| k != &rel && !k.starts_with(&prefix));
                }
                vols.version += 1;
            }
        }
        Ok(())
    }

    /// Names directly inside a directory, sorted, with their kinds.
    pub fn list(&self, vols: &PodVolumes, path: &str) -> Result<Vec<(String, Kind)>, FsError> {
        match self.stat(vols, path) {
            None => return Err(FsError::NoEnt),
            Some(Kind::File | Kind::Fifo) => return Err(FsError::NotDir),
            Some(Kind::Dir) => {}
        }
        let mut out: BTreeMap<String, Kind> = BTreeMap::new();
        match self.locate(path) {
            Loc::Root(p) => {
                let prefix = if p == "/" { "/".to_string() } else { format!("{p}/") };
                for (k, n) in self.root_from(&prefix) {
                    if !k.starts_with(&prefix) {
                        break;
                    }
                    let rest = &k[prefix.len()..];
                    if rest.is_empty() || rest.contains('/') {
                        continue;
                    }
                    let kind = match n {
                        Node::Dir => Kind::Dir,
                        Node::File(_) => Kind::File,
                        Node::Fifo => Kind::Fifo,
                    };
                    out.insert(rest.to_string(), kind);
                }
            }
            Loc::Vol { m, rel } => {
                let prefix = if rel.is_empty() { String::new() } else { format!("{rel}/") };
                let mut add = |k: &str, kind: Kind| {
                    if let Some(rest) = k.strip_prefix(&prefix) {
                        match rest.split_once('/') {
                            Some((d, _)) => {
                                out.insert(d.to_string(), Kind::Dir);
                            }
                            None if !rest.is_empty() => {
                                out.insert(rest.to_string(), kind);
                            }
                            None => {}
                        }
                    }
                };
                for k in vols
                    .files
                    .get(&m.volume)
                    .map(|f| f.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
                {
                    add(&k, Kind::File);
                }
                for k in vols
                    .dirs
                    .get(&m.volume)
                    .map(|f| f.iter().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
                {
                    add(&k, Kind::Dir);
                }
                for k in vols
                    .fifos
                    .get(&m.volume)
                    .map(|f| f.iter().cloned().collect::<Vec<_>>())
                    .unwrap_or_default()
                {
                    add(&k, Kind::Fifo);
                }
            }
        }
        // Mount points directly below this directory.
        for m in &self.mounts {
            if parent(&m.path) == path && m.path != path {
                if let Some(name) = m.path.rsplit('/').next() {
                    out.insert(name.to_string(), Kind::Dir);
                }
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Files of the writable layer that differ from the image's (what `docker diff` would
    /// show): path → contents, for the UI's "look inside".
    pub fn changed_files(&self) -> BTreeMap<String, Vec<u8>> {
        self.upper
            .iter()
            .filter_map(|(k, n)| match n {
                Some(Node::File(d)) if !matches!(self.base.get(k), Some(Node::File(b)) if b == d) => Some((k.clone(), d.clone())),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fs() -> Fs {
        let mut base = BTreeMap::new();
        for d in ["/", "/etc", "/tmp", "/tmp/a", "/tmp-x"] {
            base.insert(d.to_string(), Node::Dir);
        }
        base.insert("/etc/passwd".to_string(), Node::File(b"root\n".to_vec()));
        base.insert("/tmp/a/f".to_string(), Node::File(b"base".to_vec()));
        Fs::new(Arc::new(base), Vec::new())
    }

    #[test]
    fn instances_of_one_image_share_the_base_and_do_not_see_each_others_writes() {
        let mut vols = PodVolumes::default();
        let a0 = fs();
        let (mut a, b) = (a0.clone(), a0);
        a.write(&mut vols, "/etc/passwd", b"x\n", true).unwrap();
        a.write(&mut vols, "/tmp/new", b"n", false).unwrap();
        assert_eq!(
            a.read(&vols, "/etc/passwd").unwrap(),
            b"root\nx\n",
            "an append copies the base file up first"
        );
        assert_eq!(b.read(&vols, "/etc/passwd").unwrap(), b"root\n");
        assert_eq!(b.stat(&vols, "/tmp/new"), None);
        assert!(Arc::ptr_eq(&a.base, &b.base));
    }

    #[test]
    fn recursive_remove_whites_out_the_base_but_spares_siblings_that_sort_between() {
        let mut vols = PodVolumes::default();
        let mut f = fs();
        f.write(&mut vols, "/tmp/a/g", b"upper", false).unwrap();
        assert_eq!(f.remove(&mut vols, "/tmp", false), Err(FsError::NotEmpty));
        f.remove(&mut vols, "/tmp", true).unwrap();
        for gone in ["/tmp", "/tmp/a", "/tmp/a/f", "/tmp/a/g"] {
            assert_eq!(f.stat(&vols, gone), None, "{gone}");
        }
        assert_eq!(f.stat(&vols, "/tmp-x"), Some(Kind::Dir));
        let names: Vec<String> = f.list(&vols, "/").unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["etc", "tmp-x"]);
        // Re-creating a removed path shows only the new contents.
        f.mkdir(&mut vols, "/tmp").unwrap();
        assert_eq!(f.list(&vols, "/tmp").unwrap(), Vec::new());
    }

    #[test]
    fn a_fifo_in_a_volume_is_listed_as_one_and_removed_like_a_file() {
        let mut vols = PodVolumes::default();
        let m = Mount {
            path: "/shared".into(),
            volume: "v".into(),
            sub_path: String::new(),
            read_only: false,
        };
        let mut f = Fs::new(fs().base, vec![m]);
        f.mkfifo(&mut vols, "/shared/p").unwrap();
        assert_eq!(f.mkfifo(&mut vols, "/shared/p"), Err(FsError::Exists));
        assert_eq!(f.mkfifo(&mut vols, "/shared/no/p"), Err(FsError::NoEnt));
        assert_eq!(f.stat(&vols, "/shared/p"), Some(Kind::Fifo));
        assert_eq!(f.list(&vols, "/shared").unwrap(), vec![("p".to_string(), Kind::Fifo)]);
        // A program writing to it by name leaves it a FIFO.
        f.write(&mut vols, "/shared/p", b"x", false).unwrap();
        assert_eq!(f.stat(&vols, "/shared/p"), Some(Kind::Fifo));
        f.remove(&mut vols, "/shared/p", false).unwrap();
        assert_eq!(f.stat(&vols, "/shared/p"), None);
    }

    #[test]
    fn changed_files_lists_only_what_differs_from_the_image() {
        let mut vols = PodVolumes::default();
        let mut f = fs();
        f.write(&mut vols, "/tmp/a/f", b"base", false).unwrap(); // same bytes as the image
        f.write(&mut vols, "/tmp/h", b"ok", false).unwrap();
        f.remove(&mut vols, "/etc/passwd", false).unwrap();
        assert_eq!(
            f.changed_files().into_iter().collect::<Vec<_>>(),
            vec![("/tmp/h".to_string(), b"ok".to_vec())]
        );
    }
}
