migration! {
    addColumns("users", { email: "text" });
}
