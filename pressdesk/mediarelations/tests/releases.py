"""Helpers of release tests: approved news stories, approving a release, ingesting an edited copy."""

from __future__ import annotations

from typing import Any

from pressdesk.approvals import actions as approvals
from pressdesk.approvals.models import ApprovalFlow

STORY_A = (
    "Kocaeli Şehir Hastanesinde robotik cerrahi dönemi başladı",
    "Kocaeli Şehir Hastanesi genel cerrahi kliniğinde robotik cerrahi sistemiyle ilk ameliyatlar başarıyla "
    "gerçekleştirildi. İl Sağlık Müdürü yaptığı açıklamada, yeni sistemin hastaların daha kısa sürede "
    "taburcu olmasını sağladığını, ameliyat sonrası ağrının azaldığını ve enfeksiyon riskinin düştüğünü "
    "söyledi. Hastanede bugüne kadar on iki hasta robotik yöntemle ameliyat edildi ve tamamı sağlığına "
    "kavuştu. Sistem, üroloji ve kadın doğum kliniklerinde de kullanılacak.",
)
STORY_B = (
    "Derince'de ağız ve diş sağlığı taraması",
    "Derince ilçesindeki ilkokullarda ağız ve diş sağlığı taraması yapıldı. Diş hekimleri iki bin öğrenciyi "
    "muayene etti, gereken öğrencilere flor uygulaması yapıldı ve aileler bilgilendirildi. Taramalar bahar "
    "döneminde diğer ilçelerde de sürecek; aileler çocuklarının diş kontrollerini aksatmamaları konusunda uyarıldı.",
)
EDITED_A = (
    "Şehir Hastanesi'nde robotik cerrahi ile ilk ameliyatlar yapıldı",
    "KOCAELİ (AA) - Kocaeli Şehir Hastanesi genel cerrahi kliniğinde robotik cerrahi sistemiyle ilk ameliyatlar "
    "başarıyla gerçekleştirildi. İl Sağlık Müdürü yaptığı açıklamada, yeni sistemin hastaların daha kısa sürede "
    "taburcu olmasını sağladığını, ameliyat sonrası ağrının azaldığını ve enfeksiyon riskinin düştüğünü "
    "belirtti. Hastanede bugüne kadar on iki hasta robotik yöntemle ameliyat edildi ve tamamı sağlığına "
    "kavuştu. Muhabirimizin edindiği bilgiye göre sistem, üroloji ve kadın doğum kliniklerinde de kullanılacak.",
)
DISTRACTOR = (
    "Kocaeli Şehir Hastanesi'nde acil serviste yoğunluk",
    "Kocaeli Şehir Hastanesi acil servisinde hafta sonu yoğunluk yaşandı. Hasta yakınları uzun bekleme "
    "sürelerinden şikâyet ederken hastane yönetimi ek hekim görevlendirdiğini açıkladı. İl Sağlık Müdürü "
    "acil servislerin yalnızca acil durumlarda kullanılması çağrısında bulundu.",
)


def approved_story(province: Any, title: str, text: str) -> Any:
    from pressdesk.publishing.models import NewsStory

    return NewsStory.objects.create(
        title=title,
        spot=text.split(". ")[0] + ".",
        body_html=f"<p>{text}</p>",
        organization=province.hospital,
        status=NewsStory.Status.PUBLISHED,
        created_by=province.staff,
    )


def approve(province: Any, release: Any) -> ApprovalFlow:
    """The unit head's and the chief's initials and the director's signature."""
    flow = approvals.flow_for(release)
    assert flow is not None
    for user in (province.unit_head, province.chief, province.director):
        flow.refresh_from_db()
        approvals.decide(actor=user, flow_id=flow.pk, approve=True, seen_hash=flow.content_hash)
    flow.refresh_from_db()
    return flow
