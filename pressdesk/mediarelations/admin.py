from django.contrib import admin

from pressdesk.mediarelations.models import Interaction, MediaContact, MediaList, Tag


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin):
    list_display = ("name", "outlet", "role", "province", "organization", "unsubscribed_at", "erased_at")
    list_filter = ("role", "province")
    search_fields = ("name", "email")
    raw_id_fields = ("outlet", "province", "organization", "created_by")


@admin.register(MediaList)
class MediaListAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "organization")
    raw_id_fields = ("province", "organization", "created_by", "contacts")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "province")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("contact", "kind", "happened_on")
    raw_id_fields = ("contact", "created_by", "participants")
