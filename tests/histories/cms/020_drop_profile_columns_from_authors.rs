migration! {
    up {
        dropColumns("authors", ["bio", "avatarUrl", "website"]);
    }
    down {
        addColumns("authors", { bio: "text", avatarUrl: "text", website: "text" });
        sql("UPDATE authors a SET bio = p.bio, avatar_url = p.avatar_url, website = p.website
            FROM author_profiles p WHERE p.author_id = a.id");
    }
}
