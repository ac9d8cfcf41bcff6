"""The process catalog of the two source documents, and the Kocaeli matrix.

Loaded by a data migration and by ``manage.py load_catalog`` (idempotent:
it fills what is missing and never overwrites a deployment's edits). The
Turkish texts are the documents' own words: they are data, not UI strings.
"""

from __future__ import annotations

from typing import Any

S, UH, C, D = "staff", "unit_head", "chief", "director"
KOCAELI_CHAIN = (UH, C, D)

# (code, name, duty, responsible 1/2/3, steps)
KOCAELI: list[tuple[str, str, str, tuple[str, str, str], list[str]]] = [
    (
        "3.1",
        "Anlık Ulusal ve Sosyal Medya Takibinin Yapılması",
        "Anlık Ulusal ve Sosyal Medya takibini yapmak.",
        (UH, S, S),
        [
            "Anlık Ulusal ve Sosyal Medya takibi yapılır,",
            "Müdürlüğümüz ve bağlı kuruluşlarımızla ilgili haberler derlenir,",
            "İl Müdürü ve diğer yöneticilere bildirilir,",
            "Önemli haberlerle ilgili bilgi notu istenir veya hazırlanır,",
            "Haberler arşivlenir.",
        ],
    ),
    (
        "3.2",
        "Medyada Yer Alan Olumlu-Olumsuz Haberlerle İlgili İşlemler",
        "Medyada yer alan olumlu-olumsuz haberlerle ilgili işlemler yapmak.",
        (UH, S, S),
        [
            "Medyada yer alan olumsuz haberler hakkında ilgili kuruma resmi yazı yazılarak bilgi notu istenir.",
            "Bilgi notunun hazırlanma süreci takip edilir,",
            "Gelen bilgi notu Bakanlık veya Valilik makamına gönderilir,",
            "Olumlu haberler ise tarafımızdan Müdürlüğümüz sosyal medya hesaplarında yayınlanır,",
            "Haber ve bilgi notları arşivlenir.",
        ],
    ),
    (
        "3.3",
        "Kuruma Ait Görsellerin Tasarlanması",
        "Kuruma ait görselleri tasarlamak.",
        (UH, S, ""),
        [
            "Birimlerden gelen görsel tasarım talepleri alınarak değerlendirilir,",
            "Birimler tarafından talep edilen görsellerin tasarlanması (afiş, broşür, sosyal medya görselleri, özel gün ve haftalara ait tasarımlar),",
            "Görsel tasarımların yapılıp ilgililere sunulması.",
        ],
    ),
    (
        "3.4",
        "Televizyon ve Radyo Programına Katılımla İlgili İşlemler",
        "Televizyon ve radyo programına katılımı ile ilgili işlemleri yapmak.",
        (UH, S, S),
        [
            "Televizyon/radyo kanallarından program yapımı ile ilgili taleplerin ve programlara katılmak isteyen personelin başvurusunun Basın ve Halkla İlişkiler birimine ulaşması,",
            "İl Sağlık Müdürüne uygun görüş sorulması,",
            "Uygun bulunan talep için uygunluk yazısı yazılması,",
            "Uygunluk yazısının personelin kurumuna bildirilmesi.",
        ],
    ),
    (
        "3.5",
        "Özel Gün ve Haftalarla İlgili İşlemler",
        "Özel gün ve haftalarla ilgili işlemler yapmak.",
        (UH, S, S),
        [
            "Özel gün ve haftaların takip edilmesi,",
            "Özel gün ve haftalarla ilgili metin ve görsellerin hazırlanması,",
            "İl Sağlık Müdürüne sunulması,",
            "İl Sağlık Müdürünün onayının ardından medya kuruluşlarına gönderilmesi, sosyal medya yayınlaması.",
        ],
    ),
    (
        "3.6",
        "Kurumsal İnternet Sitesi ve Sosyal Medyada Haber Yayınlama",
        "Kurumsal internet sitesinde ve sosyal medyada haber yayınlamak.",
        (UH, S, S),
        [
            "İl Sağlık Müdürlüğü ve bağlı birimleri tarafından gerçekleştirilen etkinlik, özel gün ve programlarla ilgili görsel ve bilgilerin hazırlanması,",
            "Bağlı birimlerden gelen haber, etkinlik görselleri ve metinlerinin kontrol edilmesi,",
            "Müdürlüğümüz internet sitesi ve sosyal medya hesaplarından yayınlanması.",
        ],
    ),
    (
        "3.7",
        "Basın Bülteni Hazırlanması",
        "Basın bülteni hazırlamak.",
        (UH, S, S),
        [
            "İl Sağlık Müdürlüğü ve bağlı kuruluşları tarafından yapılan etkinlik, eğitim ve bilgi notlarından basına servis edilecek olanların seçilmesi,",
            "Seçilen haberlerin basına servis edilmesi,",
            "Yayınlanan haberlerin basından takip edilmesi,",
            "Haberlerin arşivlenmesi.",
        ],
    ),
    (
        "3.8",
        "Basın Daveti",
        "Basın daveti yapmak.",
        (UH, S, S),
        [
            "Basın mensuplarının davet edilmesi istenilen etkinlik, toplantı, basın açıklaması vb. durumlar için tarih, saat ve yerin belirlenmesi,",
            "Basın mensuplarının ulaşımı için araç sağlanması,",
            "Yapılacak organizasyon hakkında yer, tarih, saat ve bilgi notu hazırlanması ve basın daveti yapılması,",
            "Basın mensuplarının karşılanması ve programın organize edilmesi.",
        ],
    ),
    (
        "3.9",
        "Basın Toplantıları ve Röportajlar",
        "Basın toplantıları ve röportajları düzenlemek.",
        (UH, S, S),
        [
            "Röportaj/toplantı yeri, saati ve gerekli organizasyonun yapılması,",
            "Gündeminin hazırlanarak onaya sunulması,",
            "Toplantı ile ilgili bilgi ve belgelerin hazırlanması,",
            "Gerekli duyuru ve davetlerin yapılması,",
            "Toplantı salonunun hazırlanması.",
        ],
    ),
    (
        "3.10",
        "Basın Bildirileri",
        "Basın bildirileri hazırlamak.",
        (UH, S, S),
        [
            "Hazırlanacak basın bildirisi ile ilgili metin ve görsellerin hazırlanması,",
            "İl Sağlık Müdürüne onaya sunulması,",
            "Basına gönderilmesi.",
        ],
    ),
    (
        "3.11",
        "Bağlı Kuruluşların Basın Faaliyetlerini Koordine Etmek",
        "Bağlı kuruluşların basın faaliyetlerini koordine etmek.",
        (UH, S, S),
        [
            "Bağlı kuruluşlar (Hastane, İlçe Sağlık Müdürlüğü, 112) tarafından yapılan haber metni ve görsellerinin kontrol edilmesi,",
            "Uygun olanların onaylanması, eksiklerin giderilmesi,",
            "Bağlı kuruluşların basında ve sosyal medyadaki faaliyetlerinin desteklenmesi ve takibi.",
        ],
    ),
    (
        "3.12",
        "Açılış, Davet ve Organizasyonlar",
        "Açılış, davet ve organizasyonları yürütmek.",
        (UH, S, S),
        [
            "İl Sağlık Müdürünün katılacağı açılış, davet ve organizasyonların planlanması,",
            "Metin ve görsellerin hazırlanması, gerekli malzemelerin temin edilmesi,",
            "Organizasyon alanının düzeni ve yerleşim planlamasının yapılması,",
            "Yapılan çalışmaların koordine edilmesi.",
        ],
    ),
    (
        "3.13",
        "Video Çekim ve Tanıtım Faaliyetleri",
        "Video çekim ve tanıtım faaliyetleri yapmak.",
        (UH, S, S),
        [
            "Video çekimi ve tanıtım faaliyetinin planlanması,",
            "Çekim yapılacak alanın düzenlenmesi ve çekime hazır hale getirilmesi,",
            "Çekilen videonun yazılı ve görsel medyada tanıtımının sağlanması.",
        ],
    ),
    (
        "3.14",
        "Kurumsal SMS Gönderimi",
        "Kurumsal SMS gönderimine ait işlemleri yapmak.",
        (UH, S, S),
        [
            "Gönderilecek olan SMS bilgilerinin alınması veya belirlenmesi,",
            "Personele yönelik özel gün, kutlama, teşekkür, başsağlığı vs. mesaj gönderilmesi,",
            "Duyuru, bilgilendirme mesajları gönderilmesi.",
        ],
    ),
    (
        "3.15",
        "İl Sağlık Müdürü'nün Toplantılarının Sekretaryası",
        "İl Sağlık Müdürü'nün toplantılarının sekretaryasını yapmak.",
        (UH, S, S),
        [
            "İl Sağlık Müdürünün katılacağı toplantıların planlanması,",
            "Planlanan toplantıların ilgililere yazı ile tebliğ edilmesi,",
            "Toplantı gündemi taleplerinin alınması ve gündem oluşturulması,",
            "Toplantı yapılacak salonun hazır hale getirilmesi, gerekli materyallerin temini,",
            "Toplantı tutanaklarının yazılması ve imzaya sunulması,",
            "Kararların yazı ile ilgililere tebliğ edilmesi.",
        ],
    ),
    (
        "3.16",
        "Video Telekonferans Sisteminin Kullanılması",
        "Video telekonferans sisteminin kullanılmasını sağlamak.",
        (UH, S, S),
        [
            "Video telekonferans sisteminin bağlantılarının belli aralıklarla yapılan testler sonucu kontrol edilmesi,",
            "Varsa sorunların giderilmesi ve çalışır şekilde olmasının sağlanması,",
            "Bakanlık ve diğer illerle yapılacak olan video telekonferansların sağlanması.",
        ],
    ),
    (
        "3.17",
        "Üst Amirin Yazılı ve Sözlü Verdiği Diğer İş ve İşlemlerin Takibi",
        "Üst amirin verdiği diğer iş ve işlemleri yürütmek.",
        ("", "", ""),
        [
            "Üst amir tarafından yazılı veya sözlü olarak verilen iş kaydedilir ve görevliye atanır,",
            "Görevli işi yürütür, ilerlemesini ve sonucunu bildirir,",
            "İş tamamlanınca üst amire bilgi verilir.",
        ],
    ),
]

DENIZLI: list[tuple[str, str, str, bool, list[str]]] = [
    (
        "1.1",
        "Haber Onayları",
        "Müdürlüğün haber ve projelerini resmi internet sayfası ve sosyal medya hesaplarına aktarmak.",
        True,
        [
            "Müdürlüğümüzün etkinlik/eğitim vb. programları bitiminde ilgili Başkanlıktan bilgi alınarak haber metni hazırlanır.",
            "Hazırlanan haber metni İl Sağlık Müdürümüz onayına sunulur.",
            "Eğer basına gönderilmeyecekse web sitesi, sosyal medya hesaplarında yayınlanır.",
            "Basına gönderilecekse Sağlık Bakanlığı, ilgili Genel Müdürlük ve Valilik Basın Birimlerine onay için gönderilir. Onayı takiben haber metni yereldeki basın yayın organlarına e-posta yoluyla gönderilir, aynı zamanda da web sitesi, sosyal medya hesaplarında yayınlanır.",
        ],
    ),
    (
        "1.2",
        "Röportaj Onayları (TV Programı)",
        "Bakanlık Basın Müşavirliği ve Genel Müdürlüklerin basın sorumlularıyla haber, röportaj, çekim vb. yayınların izin-onay işlemlerini yürütmek.",
        True,
        [
            "Gündeme göre etkinlik, sağlık haberleri vb. için ilgili Başkanlıklarla görüşülerek TV programı ve ilgili kişi belirlenir.",
            "İlgili Başkanın imzasıyla İl Sağlık Müdürümüze onaya sunulur.",
            "Sağlık Bakanlığı ve Valilik Basın Birimlerine onay için gönderilir.",
            "Onayı takiben belirlenen tarih ve saatte ilgili kişinin TV programına katılması sağlanır ve sosyal medya hesaplarından duyurulur.",
        ],
    ),
    (
        "1.3",
        "Haber Takibi",
        "Kitle iletişim araçlarında Müdürlüğün faaliyetlerini ilgilendiren haberlerin takip ve tespitini yapmak.",
        False,
        [
            "Günlük ve anlık olarak haber siteleri, gazeteler, basın tarama sistemi ve sosyal medya üzerinden haber takibi yapılır ve İl Sağlık Müdürüne sunulur.",
            "Bakanlığımız tarafından dijital ortamda hazırlanan haber siteleri takip raporları (e-posta ile) Sağlık Müdürlüğü başkanları, hastane başhekimleri ve hastane basın sorumlularına gönderilir.",
        ],
    ),
    (
        "1.4",
        "Olumsuz Haberlerle İlgili Bilgi Notu Hazırlanması",
        "Kamuoyundan yansıyan şikâyet ve önerilerin tespit, takip ve değerlendirmesini yapmak.",
        False,
        [
            "Bakanlık tarafından gerekirse olumsuz haberlere yönelik bilgi notu talep edilir.",
            "Konuyla ilgili Sağlık İl Müdürüne bilgi verilir.",
            "Konuyla ilgili başkanlık ile irtibata geçilerek bilgi notunun hazırlanması sağlanır.",
            "Bilgi notu Sağlık İl Müdürünün onayına sunulur.",
            "Bilgi notu Sağlık Bakanlığına ve ilgili Genel Müdürlük Basın ve İletişim Birimine e-posta yoluyla gönderilir.",
        ],
    ),
]


def _sort_key(code: str) -> str:
    major, minor = code.split(".")
    return f"{int(major):03d}.{int(minor):03d}"


def load_catalog(process_model: Any, step_model: Any, responsibility_model: Any) -> int:
    """Create the processes, steps and default matrix rows that are missing.

    Takes the model classes so a data migration can pass its historical
    models. Returns the number of processes created.
    """
    created = 0
    rows: list[tuple[str, str, str, str, tuple[str, str, str], bool, bool, list[str]]] = []
    for code, name, duty, responsible, steps in KOCAELI:
        rows.append((code, name, duty, "kocaeli", responsible, False, code == "3.17", steps))
    for code, name, duty, external, steps in DENIZLI:
        rows.append((code, name, duty, "denizli", (UH, S, S), external, False, steps))
    for code, name, duty, source, responsible, external, all_staff, steps in rows:
        process, was_created = process_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "duty": duty,
                "source": source,
                "sort_key": _sort_key(code),
                "needs_external_approval": external,
            },
        )
        created += int(was_created)
        if was_created:
            step_model.objects.bulk_create(
                [step_model(process=process, number=n, text=text) for n, text in enumerate(steps, start=1)]
            )
        chain = ("", "", "") if all_staff else KOCAELI_CHAIN
        responsibility_model.objects.get_or_create(
            process=process,
            organization=None,
            defaults={
                "all_staff": all_staff,
                "responsible_1": responsible[0],
                "responsible_2": responsible[1],
                "responsible_3": responsible[2],
                "control_1": chain[0],
                "control_2": chain[1],
                "control_3": chain[2],
            },
        )
    return created
