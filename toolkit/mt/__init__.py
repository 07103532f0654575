"""Machine translation: Argos Translate packages (:mod:`.packages`), the
CTranslate2 engine (:mod:`.engine`), protection of what must not change
(:mod:`.protect`), word alignment from attention (:mod:`.align`) and the
document pipeline (:mod:`.pipeline`)."""
