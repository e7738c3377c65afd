// What the customer bought, as it was named then: products get renamed.
migration! {
    addColumns("order_items", { productName: "text", variantTitle: "text", sku: "varchar(64)" });
}
