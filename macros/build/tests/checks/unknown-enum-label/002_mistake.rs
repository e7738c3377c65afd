migration! {
    addTypeValue("mood", "ecstatic", { after: "hapy" });
    down { noop; }
}
