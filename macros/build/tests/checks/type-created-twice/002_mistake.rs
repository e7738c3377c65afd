migration! {
    createType("mood", ["a", "b"]);
}
