// `down { noop; }`: the up needs nothing undone, on purpose.
mod backfill {
    pgbatch::migration! {
        up { sql("UPDATE users SET bio = '' WHERE bio IS NULL"); }
        down { noop; }
    }
}

// `validateConstraint`'s derived down is empty, and needs no block.
mod validate {
    pgbatch::migration! {
        validateConstraint("posts", "posts_user_fk");
    }
}

fn main() {
    assert_eq!(backfill::SCRIPT.down().as_deref().map(<[_]>::len), Some(0));
    assert_eq!(validate::SCRIPT.down().as_deref().map(<[_]>::len), Some(0));
}
