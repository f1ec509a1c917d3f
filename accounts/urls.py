app_name = "accounts"

# Own-data pages (profile, download, deletion) live here, beside allauth's pages.
urlpatterns: list = []
