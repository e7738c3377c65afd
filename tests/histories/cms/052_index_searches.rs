migration! {
    createIndex("analytics.searches", "clickedPostId", { where: "clicked_post_id IS NOT NULL" });
    createIndex("analytics.searches", [func("lower(query)")], { name: "searches_query_lower_idx" });
}
