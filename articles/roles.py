"""The newsroom's roles, as permission groups. A data migration creates them."""

REPORTER = "Reporter"
EDITOR = "Editor"
ADMIN = "Admin"

PUBLISH_PERMISSION = "articles.publish_article"

# Reporters write and credit stories and add people and photos, but never publish:
# publishing, scheduling and unpublishing need `publish_article`, which only editors hold.
_REPORTER = {
    "articles": {
        "article": ["add", "change", "view"],
        "byline": ["add", "change", "delete", "view"],
        "mention": ["add", "change", "delete", "view"],
        "editorialnote": ["add", "view"],
        "correction": ["view"],
        "image": ["add", "change", "view"],
        "section": ["view"],
    },
    "people": {
        "person": ["add", "view"],
        "alias": ["add", "view"],
        "contributor": ["view"],
        "outlet": ["view"],
    },
    "taggit": {"tag": ["view"]},
}
# Editors hold everything on stories, people and tags; Admins hold every permission there is.
_EDITOR_APPS = ["articles", "people", "taggit"]


def _reporter_codenames() -> list[tuple[str, str]]:
    return [
        (app, f"{action}_{model}")
        for app, models in _REPORTER.items()
        for model, actions in models.items()
        for action in actions
    ]


def roles_sync(apps) -> None:
    """Create or bring up to date the role groups; safe to run again.

    Takes an app registry, so a migration can pass its historical one. Models added later
    get their permissions into the roles by another run (`manage.py sync_roles`).
    """
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    # A historical registry's apps have no models module, which create_permissions skips.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = models_module
    group_model = apps.get_model("auth", "Group")
    permissions = apps.get_model("auth", "Permission").objects
    reporter = [
        permissions.get(content_type__app_label=app, codename=codename)
        for app, codename in _reporter_codenames()
    ]
    roles = {
        REPORTER: reporter,
        EDITOR: permissions.filter(content_type__app_label__in=_EDITOR_APPS),
        ADMIN: permissions.all(),
    }
    for name, granted in roles.items():
        group, _ = group_model.objects.get_or_create(name=name)
        group.permissions.set(granted)
