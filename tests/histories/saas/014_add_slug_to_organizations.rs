migration! {
    addColumns("organizations", { slug: "text" });
}
