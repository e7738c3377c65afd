migration! {
    dropConstraint("users", "users_emial_key");
    down { noop; }
}
