//! The attributes of composite types and the values of enums, as node-pg-migrate
//! spells them: `addTypeAttribute`, `dropTypeAttribute`, `setTypeAttribute`,
//! `renameTypeAttribute`, `renameTypeValue`.

use super::{Cx, direct};
use crate::model::{OperationKind, QualifiedName, Subject};
use crate::sql::{literal, name, qualified, tx};
use crate::value::{self, KnownTypes};

impl<'a> Cx<'a> {
    /// `addTypeAttribute(type, attribute, attributeType)`; down: drop it.
    pub(super) fn add_type_attribute(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the attribute", "its type"], &[])?;
        let ty = value::qualified(args[0]?, "the type name", self.errors);
        let attribute = value::name(args[1]?, "the attribute", self.errors);
        let attribute_type = value::ty(args[2]?, known, self.errors);
        let (ty, attribute, attribute_type) = (ty?, attribute?, attribute_type?);
        let up = alter_type(
            &ty,
            &format!("ADD ATTRIBUTE {} {}", name(&attribute), attribute_type.sql),
        );
        let down = alter_type(&ty, &format!("DROP ATTRIBUTE {}", name(&attribute)));
        Some(direct(vec![up], Some(vec![down]), Some(Subject::Type(ty))))
    }

    /// `dropTypeAttribute(type, attribute, { ifExists })`: no derived down (the
    /// attribute's type is not written here).
    pub(super) fn drop_type_attribute(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the attribute"], &["options"])?;
        let ty = value::qualified(args[0]?, "the type name", self.errors);
        let attribute = value::name(args[1]?, "the attribute", self.errors);
        let options = self.options(args[2], &["ifExists"]);
        let if_exists = options.flag("ifExists", self.errors);
        let (ty, attribute) = (ty?, attribute?);
        let up = alter_type(
            &ty,
            &format!(
                "DROP ATTRIBUTE {}{}",
                if if_exists { "IF EXISTS " } else { "" },
                name(&attribute)
            ),
        );
        let subject = if if_exists {
            Subject::Type(ty)
        } else {
            Subject::Attribute(ty, attribute)
        };
        Some(direct(vec![up], None, Some(subject)))
    }

    /// `setTypeAttribute(type, attribute, attributeType)`: no derived down (the old
    /// type is not written here).
    pub(super) fn set_type_attribute(&mut self, known: &KnownTypes) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the attribute", "its new type"], &[])?;
        let ty = value::qualified(args[0]?, "the type name", self.errors);
        let attribute = value::name(args[1]?, "the attribute", self.errors);
        let attribute_type = value::ty(args[2]?, known, self.errors);
        let (ty, attribute, attribute_type) = (ty?, attribute?, attribute_type?);
        let up = alter_type(
            &ty,
            &format!(
                "ALTER ATTRIBUTE {} SET DATA TYPE {}",
                name(&attribute),
                attribute_type.sql
            ),
        );
        Some(direct(
            vec![up],
            None,
            Some(Subject::Attribute(ty, attribute)),
        ))
    }

    /// `renameTypeAttribute(type, attribute, newName)`; down: rename it back.
    pub(super) fn rename_type_attribute(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the attribute", "the new name"], &[])?;
        let ty = value::qualified(args[0]?, "the type name", self.errors);
        let attribute = value::name(args[1]?, "the attribute", self.errors);
        let to = value::name(args[2]?, "the new name", self.errors);
        let (ty, attribute, to) = (ty?, attribute?, to?);
        let rename = |from, to| {
            alter_type(
                &ty,
                &format!("RENAME ATTRIBUTE {} TO {}", name(from), name(to)),
            )
        };
        let (up, down) = (rename(&attribute, &to), rename(&to, &attribute));
        Some(direct(
            vec![up],
            Some(vec![down]),
            Some(Subject::Attribute(ty, attribute)),
        ))
    }

    /// `renameTypeValue(type, value, newValue)`; down: rename it back.
    pub(super) fn rename_type_value(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the type name", "the value", "the new value"], &[])?;
        let ty = value::qualified(args[0]?, "the type name", self.errors);
        let from = value::string(args[1]?, "the value", self.errors);
        let to = value::string(args[2]?, "the new value", self.errors);
        let (ty, from, to) = (ty?, from?, to?);
        let rename = |from: &str, to: &str| {
            alter_type(
                &ty,
                &format!("RENAME VALUE {} TO {}", literal(from), literal(to)),
            )
        };
        let (up, down) = (
            rename(&from.value, &to.value),
            rename(&to.value, &from.value),
        );
        Some(direct(
            vec![up],
            Some(vec![down]),
            Some(Subject::Value(ty, from)),
        ))
    }
}

fn alter_type(ty: &QualifiedName, action: &str) -> crate::model::Statement {
    tx(format!("ALTER TYPE {} {action}", qualified(ty)))
}
