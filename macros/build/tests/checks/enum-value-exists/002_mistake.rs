migration! {
    addTypeValue("mood", "happy");
    down { noop; }
}
