migration! {
    up {
        sql("INSERT INTO categories (name, slug, position) VALUES ('Apparel', 'apparel', 1);
            INSERT INTO categories (name, slug, position) VALUES ('Home', 'home', 2);
            INSERT INTO categories (name, slug, position) VALUES ('Outdoors', 'outdoors', 3);
            INSERT INTO categories (parent_id, name, slug, position)
                SELECT id, 'T-shirts', 'apparel-t-shirts', 1 FROM categories WHERE slug = 'apparel';
            INSERT INTO categories (parent_id, name, slug, position)
                SELECT id, 'Kitchen', 'home-kitchen', 1 FROM categories WHERE slug = 'home'");
    }
    down {
        sql("DELETE FROM categories WHERE slug IN ('apparel-t-shirts', 'home-kitchen');
            DELETE FROM categories WHERE slug IN ('apparel', 'home', 'outdoors')");
    }
}
