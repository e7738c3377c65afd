// Titles of imported posts ran past 300 characters; length is checked in the editor now.
// The search trigger lists title among its columns, so it is dropped around the change.
migration! {
    up {
        sql("DROP TRIGGER posts_search_vector ON posts");
        alterColumn("posts", "title", { type: "text" });
        alterColumn("post_revisions", "title", { type: "text" });
        sql("CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF title, body ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update()");
    }
    down {
        sql("DROP TRIGGER posts_search_vector ON posts");
        alterColumn("post_revisions", "title", { type: "varchar(300)", using: "left(title, 300)" });
        alterColumn("posts", "title", { type: "varchar(300)", using: "left(title, 300)" });
        sql("CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF title, body ON posts
                FOR EACH ROW EXECUTE FUNCTION posts_search_vector_update()");
    }
}
