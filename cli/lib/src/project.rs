//! The application's Cargo project around the current directory: where `init` scaffolds
//! and which migrations directory `create` may write into.

use std::path::{Path, PathBuf};

/// The root of the Cargo project that holds `dir`: the nearest ancestor (or `dir`
/// itself) whose `Cargo.toml` has a `[workspace]` table, else the nearest one with a
/// `Cargo.toml` at all; `None` outside any Cargo project.
pub(crate) fn root_of(dir: &Path) -> Option<PathBuf> {
    let mut nearest = None;
    for ancestor in dir.ancestors() {
        let manifest = ancestor.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        if is_workspace(&text) {
            return Some(ancestor.to_path_buf());
        }
        nearest.get_or_insert_with(|| ancestor.to_path_buf());
    }
    nearest
}

/// Whether a manifest declares a workspace (a `[workspace]` table).
pub(crate) fn is_workspace(manifest: &str) -> bool {
    manifest
        .parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key("workspace"))
}

/// Whether `path` lies inside `root`, comparing canonical paths where they exist.
pub(crate) fn contains(root: &Path, path: &Path) -> bool {
    let canonical = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    canonical(path).starts_with(canonical(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_workspace_is_the_root_even_inside_another_one() {
        let outer = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = outer.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("Cargo.toml", "[workspace]\nmembers = []\n");
        write("app/Cargo.toml", "[workspace]\nmembers = [\"db\"]\n");
        write("app/db/Cargo.toml", "[package]\nname = \"db\"\n");
        write("solo/Cargo.toml", "[package]\nname = \"solo\"\n");
        let app = outer.path().join("app");
        assert_eq!(root_of(&app.join("db")), Some(app.clone()));
        assert_eq!(root_of(&app.join("db/src")), Some(app.clone()));
        // A package without a workspace of its own belongs to the enclosing one.
        assert_eq!(
            root_of(&outer.path().join("solo")),
            Some(outer.path().to_path_buf())
        );
        assert!(contains(&app, &app.join("db/migrations")));
        assert!(!contains(&app, &outer.path().join("db/migrations")));
    }
}
