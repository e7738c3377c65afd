migration! {
    addConstraint("users", "users_age_check", { check: "agee >= 0" });
}
