"""Two different stories about the same hospital, with shared names, are not grouped."""

from pressdesk.monitoring.clustering import StoryIndex, signature, similarity

OPENING = (
    "Kocaeli Şehir Hastanesi Başhekimi Dr. Ahmet Yılmaz, hastanede yeni bir kalp damar cerrahisi ünitesinin açıldığını "
    "duyurdu. Ünitede on iki yoğun bakım yatağı ve iki ameliyathane bulunuyor. Randevular 182 hattından alınabiliyor."
)
STRIKE = (
    "Kocaeli Şehir Hastanesi'nde temizlik personeli maaşların geç ödendiği gerekçesiyle iş bıraktı. "
    "Başhekim Dr. Ahmet Yılmaz, personelle görüştüğünü ve ödemelerin hafta içinde yapılacağını söyledi. "
    "Eylem nedeniyle bazı polikliniklerde aksamalar yaşandı."
)


def test_different_stories_about_the_same_hospital_do_not_match():
    index = StoryIndex()
    index.add(1, signature(OPENING))
    assert index.query(signature(STRIKE)) == []
    assert similarity(signature(OPENING), signature(STRIKE)) < 0.2


def test_same_story_in_other_case_and_ascii_spelling_matches():
    ascii_copy = (
        OPENING.upper()
        .replace("Ş", "S")
        .replace("İ", "I")
        .replace("Ü", "U")
        .replace("Ç", "C")
        .replace("Ğ", "G")
        .replace("Ö", "O")
    )
    assert similarity(signature(OPENING), signature(ascii_copy)) == 1.0
