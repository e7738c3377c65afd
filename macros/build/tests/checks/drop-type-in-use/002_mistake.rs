migration! {
    dropType("mood");
    down { noop; }
}
