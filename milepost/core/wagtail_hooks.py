from wagtail import hooks


@hooks.register("construct_main_menu")
def documents_menu_hide(request, menu_items):
    # Wagtail's admin needs its documents app installed; Milepost has no use for documents, and
    # an uploaded HTML file is a risk, so editors are not offered them.
    menu_items[:] = [item for item in menu_items if item.name != "documents"]
