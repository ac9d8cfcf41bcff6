"""Fifty lightly edited copies of one agency story land in one group; another story stays apart."""

import random

from pressdesk.monitoring.clustering import StoryIndex, signature, similarity

AGENCY_STORY = [
    "Kocaeli İl Sağlık Müdürlüğü, Kocaeli Şehir Hastanesi'nde yeni bir kalp damar cerrahisi ünitesinin "
    "hizmete girdiğini açıkladı.",
    "İl Sağlık Müdürü yaptığı açıklamada, ünitenin yılda yaklaşık iki bin hastaya hizmet "
    "vermesinin planlandığını söyledi.",
    "Yeni ünitede on iki yoğun bakım yatağı, iki ameliyathane ve bir anjiyografi laboratuvarı bulunuyor.",
    "Müdür, bölgedeki hastaların artık İstanbul ve Ankara'ya sevk edilmeden tedavi olabileceğini vurguladı.",
    "Ünitenin açılışına vali, belediye başkanları, hastane yöneticileri ve sağlık çalışanları katıldı.",
    "Açılış töreninde konuşan hastane başhekimi, ekibin uzun süredir bu gün için hazırlandığını belirtti.",
    "Randevular Merkezi Hekim Randevu Sistemi üzerinden ve 182 numaralı hattan alınabiliyor.",
    "Sağlık Bakanlığı yetkilileri, benzer ünitelerin önümüzdeki yıl diğer illerde de açılacağını bildirdi.",
]
TITLES = [
    "Kocaeli Şehir Hastanesi'nde kalp damar ünitesi açıldı",
    "Şehir Hastanesi'ne yeni ünite",
    "KOCAELİ'YE MÜJDE: KALP DAMAR CERRAHİSİ ÜNİTESİ HİZMETTE",
    "Hastalar artık sevk edilmeyecek",
]
LOCAL_SENTENCES = [
    "Gebze'den gelen hastalar da yeni üniteden yararlanabilecek.",
    "Körfez ilçesinde yaşayan vatandaşlar haberi memnuniyetle karşıladı.",
    "Darıca Belediye Başkanı açılışta bir konuşma yaptı.",
    "Gölcük'te de benzer bir yatırım bekleniyor.",
    "İzmit Esnaf Odası başkanı yatırımı desteklediklerini söyledi.",
]
BOILERPLATE = [
    "Kaynak: İHA",
    "Haberin devamı için tıklayınız. Bizi sosyal medyadan takip edin.",
    "Tüm hakları saklıdır. İzinsiz kopyalanamaz.",
    "Son dakika haberleri için bildirimleri açın.",
    "(AA)",
    "Editör: Ayşe Yılmaz",
]

OTHER_STORY_SAME_HOSPITAL = (
    "Kocaeli Şehir Hastanesi'nde acil serviste yaşanan yoğunluk nedeniyle hastalar saatlerce bekledi. "
    "Hasta yakınları, sıranın ilerlemediğini ve bilgi verilmediğini söyleyerek tepki gösterdi. "
    "Hastane yönetimi, grip vakalarındaki artış nedeniyle başvuruların iki katına çıktığını açıkladı. "
    "İl Sağlık Müdürlüğü ek personel görevlendirileceğini ve bekleme sürelerinin kısalacağını duyurdu. "
    "Vatandaşlar acil olmayan durumlarda aile hekimlerine başvurmaları konusunda uyarıldı."
)


def edited_copy(rng: random.Random) -> tuple[str, str]:
    sentences = list(AGENCY_STORY)
    # reorder: swap two neighbouring sentences, sometimes two pairs
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    # light edits inside a sentence: reorder words of one, drop the last sentence sometimes
    j = rng.randrange(len(sentences))
    words = sentences[j].split()
    k = rng.randrange(len(words) - 1)
    words[k], words[k + 1] = words[k + 1], words[k]
    sentences[j] = " ".join(words)
    if rng.random() < 0.3:
        sentences.pop()
    sentences.insert(rng.randrange(len(sentences)), rng.choice(LOCAL_SENTENCES))
    text = " ".join([*sentences, rng.choice(BOILERPLATE)])
    if rng.random() < 0.3:
        text = text.upper()  # some sites shout
    return rng.choice(TITLES), text


def ingest(index: StoryIndex, stories: dict[int, int], signatures: dict[int, bytes], key: int) -> int:
    """What the pipeline does: join the story of the most similar indexed item, or start one."""
    sig = signatures[key]
    candidates = index.query(sig)
    index.add(key, sig)
    if not candidates:
        stories[key] = key
    else:
        best = max(candidates, key=lambda other: similarity(sig, signatures[other]))
        stories[key] = stories[best]
    return stories[key]


def test_fifty_edited_copies_land_in_one_story():
    rng = random.Random(20261122)
    copies = [edited_copy(rng) for _ in range(50)]
    index = StoryIndex()
    stories: dict[int, int] = {}
    other = signature(OTHER_STORY_SAME_HOSPITAL, title="Şehir Hastanesi'nde acil yoğunluğu")
    signatures = {1000: other}
    ingest(index, stories, signatures, 1000)
    for key, (title, text) in enumerate(copies):
        signatures[key] = signature(text, title=title)
        ingest(index, stories, signatures, key)

    assert {stories[key] for key in range(50)} == {0}
    assert stories[1000] == 1000
    # and every copy directly finds most of the others, never the other story
    for key in range(50):
        found = index.query(signatures[key])
        assert 1000 not in found
        assert len(found) >= 15


def test_copies_are_more_similar_than_the_threshold():
    rng = random.Random(7)
    original = signature(" ".join(AGENCY_STORY))
    for _ in range(20):
        assert similarity(original, signature(edited_copy(rng)[1])) > 0.5
