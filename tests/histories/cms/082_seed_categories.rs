migration! {
    up {
        sql("INSERT INTO categories (name, slug, path) VALUES ('Technology', 'technology', 'technology');
            INSERT INTO categories (name, slug, path) VALUES ('Databases', 'databases', 'technology.databases');
            INSERT INTO categories (name, slug, path) VALUES ('PostgreSQL', 'postgresql', 'technology.databases.postgresql');
            INSERT INTO categories (name, slug, path) VALUES ('Culture', 'culture', 'culture');
            INSERT INTO categories (name, slug, path) VALUES ('Books', 'books', 'culture.books')");
    }
    down {
        sql("DELETE FROM categories WHERE path <@ 'technology' OR path <@ 'culture'");
    }
}
