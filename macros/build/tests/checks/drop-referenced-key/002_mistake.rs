migration! {
    dropConstraint("users", "users_pkey");
    down { noop; }
}
