migration! {
    addConstraint("users", "users_email_key", { unique: ["email"] });
}
