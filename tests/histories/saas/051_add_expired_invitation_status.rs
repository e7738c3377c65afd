migration! {
    addTypeValue("invitation_status", "expired", { ifNotExists: true });
    down { noop; }
}
