migration! {
    addTypeValue("membership_role", "billing", { after: "admin" });
    down { noop; }
}
