//! Extensions: the common ones whose objects the model knows (`citext`, `uuid-ossp`,
//! `pgcrypto`, `hstore`, `postgis`…), so a column of type `citext` after `CREATE
//! EXTENSION citext` is known; any other extension makes the model opaque, since its
//! script may create anything.

use crate::model::{Extension, ObjectName, Schema, TypeDef};
use crate::syntax::{cascades, child, has, ident};
use squawk_syntax::{SyntaxKind, SyntaxNode};

/// What the model knows a common extension creates: its types, the functions checks
/// may look for, and relations it only marks unknown. Any other extension makes the
/// model opaque, since an extension's script may create anything.
struct KnownExtension {
    name: &'static str,
    types: &'static [&'static str],
    functions: &'static [&'static str],
    relations: &'static [&'static str],
    requires: &'static [&'static str],
}

const KNOWN_EXTENSIONS: &[KnownExtension] = &[
    KnownExtension {
        name: "citext",
        types: &["citext"],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "uuid-ossp",
        types: &[],
        functions: &[
            "uuid_generate_v1",
            "uuid_generate_v1mc",
            "uuid_generate_v3",
            "uuid_generate_v4",
            "uuid_generate_v5",
            "uuid_nil",
        ],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "pgcrypto",
        types: &[],
        functions: &[
            "gen_random_uuid",
            "gen_random_bytes",
            "crypt",
            "gen_salt",
            "digest",
            "hmac",
            "pgp_sym_encrypt",
            "pgp_sym_decrypt",
        ],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "hstore",
        types: &["hstore"],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "ltree",
        types: &["ltree", "lquery", "ltxtquery"],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "cube",
        types: &["cube"],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "earthdistance",
        types: &["earth"],
        functions: &[],
        relations: &[],
        requires: &["cube"],
    },
    KnownExtension {
        name: "vector",
        types: &["vector", "halfvec", "sparsevec"],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "pg_trgm",
        types: &["gtrgm"],
        functions: &["similarity", "word_similarity"],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "btree_gist",
        types: &[
            "gbtreekey2",
            "gbtreekey4",
            "gbtreekey8",
            "gbtreekey16",
            "gbtreekey32",
            "gbtreekey_var",
        ],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "btree_gin",
        types: &[],
        functions: &[],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "unaccent",
        types: &[],
        functions: &["unaccent"],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "fuzzystrmatch",
        types: &[],
        functions: &["levenshtein", "soundex", "metaphone"],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "pg_stat_statements",
        types: &[],
        functions: &["pg_stat_statements_reset"],
        relations: &["pg_stat_statements", "pg_stat_statements_info"],
        requires: &[],
    },
    KnownExtension {
        name: "postgis",
        types: &[
            "geometry",
            "geography",
            "box2d",
            "box3d",
            "box2df",
            "gidx",
            "spheroid",
            "geometry_dump",
            "valid_detail",
        ],
        functions: &[],
        relations: &["spatial_ref_sys", "geometry_columns", "geography_columns"],
        requires: &[],
    },
    KnownExtension {
        name: "lo",
        types: &["lo"],
        functions: &["lo_manage", "lo_oid"],
        relations: &[],
        requires: &[],
    },
    KnownExtension {
        name: "plpgsql",
        types: &[],
        functions: &[],
        relations: &[],
        requires: &[],
    },
];

/// The functions the model knows an extension creates.
fn extension_functions(name: &str) -> &'static [&'static str] {
    KNOWN_EXTENSIONS
        .iter()
        .find(|known| known.name == name)
        .map_or(&[], |known| known.functions)
}

/// `CREATE EXTENSION [IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
pub(crate) fn create(schema: &mut Schema, node: &SyntaxNode) {
    let Some(name) = child(node, SyntaxKind::EXTENSION).map(|name| ident(&name)) else {
        schema.make_opaque();
        return;
    };
    let target = child(node, SyntaxKind::EXTENSION_SCHEMA)
        .and_then(|clause| child(&clause, SyntaxKind::SCHEMA_REF))
        .map_or_else(
            || crate::model::DEFAULT_SCHEMA.to_owned(),
            |name| ident(&name),
        );
    install_extension(
        schema,
        &name,
        &target,
        has(node, SyntaxKind::CASCADE_KW) || has(node, SyntaxKind::CASCADE),
    );
}

fn install_extension(schema: &mut Schema, name: &str, target: &str, cascade: bool) {
    if schema.extensions.contains_key(name) {
        return;
    }
    let Some(known) = KNOWN_EXTENSIONS.iter().find(|known| known.name == name) else {
        schema.make_opaque();
        return;
    };
    if cascade {
        for required in known.requires {
            install_extension(schema, required, target, true);
        }
    }
    for ty in known.types {
        let name = ObjectName::new(Some(target), ty);
        schema.unknown.remove(&name);
        schema.types.insert(name, TypeDef::Other);
    }
    for function in known.functions {
        schema
            .functions
            .insert(ObjectName::new(Some(target), function));
    }
    for relation in known.relations {
        schema
            .unknown
            .insert(ObjectName::new(Some(target), relation));
    }
    schema.extensions.insert(
        name.to_owned(),
        Extension {
            schema: target.to_owned(),
            types: known.types.iter().map(|ty| (*ty).to_owned()).collect(),
        },
    );
}

/// `DROP EXTENSION [IF EXISTS] a, b [CASCADE]`: the types and functions the model
/// knows it created go with it.
pub(crate) fn drop(schema: &mut Schema, node: &SyntaxNode) {
    let cascade = cascades(node);
    let names: Vec<String> = node
        .children()
        .filter(|child| child.kind() == SyntaxKind::EXTENSION_REF)
        .map(|name| ident(&name))
        .collect();
    for name in names {
        remove(schema, &name, cascade);
    }
}

fn remove(schema: &mut Schema, name: &str, cascade: bool) {
    let Some(extension) = schema.extensions.remove(name) else {
        return;
    };
    for ty in &extension.types {
        super::typedef::remove_type(
            schema,
            &ObjectName::new(Some(&extension.schema), ty),
            cascade,
        );
    }
    let functions = extension_functions(name);
    schema.functions.retain(|function| {
        !(function.schema == extension.schema && functions.contains(&function.name.as_str()))
    });
    if !cascade {
        return;
    }
    // Defaults that call its functions go with it, as PostgreSQL's dependencies on
    // those functions say, and so do the extensions that require it.
    for table in schema.tables.values_mut() {
        for column in &mut table.columns {
            if column
                .default
                .as_ref()
                .is_some_and(|default| functions.iter().any(|function| default.contains(function)))
            {
                column.default = None;
            }
        }
    }
    let dependents: Vec<String> = schema
        .extensions
        .keys()
        .filter(|other| {
            KNOWN_EXTENSIONS
                .iter()
                .any(|known| known.name == other.as_str() && known.requires.contains(&name))
        })
        .cloned()
        .collect();
    for dependent in dependents {
        remove(schema, &dependent, true);
    }
}
