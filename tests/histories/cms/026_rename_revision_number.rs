migration! {
    renameColumn("post_revisions", "revision", "revisionNumber");
    addColumns("post_revisions", { changeSummary: "varchar(500)" });
}
