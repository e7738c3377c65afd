migration! {
    dropType("moood");
    down { noop; }
}
