migration! {
    up {
        renameTable("carts", "shoppingCarts");
        renameTable("cart_items", "shoppingCartItems");
        sql("ALTER INDEX carts_pkey RENAME TO shopping_carts_pkey;
            ALTER INDEX cart_items_pkey RENAME TO shopping_cart_items_pkey;
            ALTER INDEX carts_customer_id_idx RENAME TO shopping_carts_customer_id_idx");
    }
    down {
        sql("ALTER INDEX shopping_carts_customer_id_idx RENAME TO carts_customer_id_idx;
            ALTER INDEX shopping_cart_items_pkey RENAME TO cart_items_pkey;
            ALTER INDEX shopping_carts_pkey RENAME TO carts_pkey");
        renameTable("shoppingCartItems", "cart_items");
        renameTable("shoppingCarts", "carts");
    }
}
