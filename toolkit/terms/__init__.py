"""Glossary terms in translations: finding them in any inflected form
(:mod:`.matching`), analysing a source/target pair (:mod:`.analysis`),
putting the preferred terms in (:mod:`.enforce`), checking without changing
(:mod:`.check`) and scoring (:mod:`.evaluate`)."""
