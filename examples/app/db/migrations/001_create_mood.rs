migration! {
    createType("mood", ["calm", "busy", "tired"]);
}
