// The legal name goes on invoices; the display name is what members see.
migration! {
    renameColumn("organizations", "name", "displayName");
    addColumns("organizations", { legalName: "text", billingEmail: "citext" });
}
