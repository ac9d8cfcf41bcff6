from django.contrib import admin

from pressdesk.outbox.models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["pk", "task", "created_at", "attempts", "dispatched_at", "completed_at"]
    list_filter = ["task"]
    readonly_fields = [f.name for f in Message._meta.fields]
