-- leading comment
CREATE TABLE audit_entries ( -- a comment with a_very_long_word_that_is_not_an_identifier_at_all_because_comment
    id bigint,
    payload_checksum_of_the_original_request_body_before_normalisation_v2 text -- want `identifier "payload_checksum_of_the_original_request_body_before_normalisation_v2" is 69 bytes long`
);
