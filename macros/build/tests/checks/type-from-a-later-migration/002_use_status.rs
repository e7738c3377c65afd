migration! {
    addColumns("posts", { status: "post_status" });
}
