migration! {
    up {
        sql("INSERT INTO menus (key, title) VALUES ('main', 'Main navigation'), ('footer', 'Footer');
            INSERT INTO menu_items (menu_id, label, url, position)
                SELECT id, 'Home', '/', 0 FROM menus WHERE key = 'main';
            INSERT INTO menu_items (menu_id, label, url, position)
                SELECT id, 'Archive', '/archive', 1 FROM menus WHERE key = 'main';
            INSERT INTO menu_items (menu_id, label, url, position)
                SELECT id, 'Privacy', '/privacy', 0 FROM menus WHERE key = 'footer'");
    }
    down {
        sql("DELETE FROM menus WHERE key IN ('main', 'footer')");
    }
}
