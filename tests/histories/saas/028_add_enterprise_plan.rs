migration! {
    addTypeValue("plan_tier", "enterprise");
    down { noop; }
}
