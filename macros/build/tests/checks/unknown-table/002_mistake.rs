migration! {
    addColumns("user", { nickname: "text" });
}
